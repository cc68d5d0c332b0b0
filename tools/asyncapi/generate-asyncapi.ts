import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildAsyncApiDocument } from './asyncapi.document.js';
import { ASYNCAPI_YAML_PATH, renderAsyncApiYaml } from './asyncapi.yaml.js';

/**
 * Writes the AsyncAPI document of the provisioning contract. Run from the repository root through
 * `npm run asyncapi`; an optional argument overrides the output path.
 */
const target = resolve(process.cwd(), process.argv[2] ?? ASYNCAPI_YAML_PATH);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, renderAsyncApiYaml(buildAsyncApiDocument()));
console.log(`AsyncAPI document written to ${target}`);
