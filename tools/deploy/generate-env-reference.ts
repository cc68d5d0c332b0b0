// `npm run env-reference`: writes docs/env-reference.md from the services' config schemas.
import { writeFileSync } from 'node:fs';
import { renderEnvReference } from './env-reference.js';

const target = process.argv[2] ?? 'docs/env-reference.md';
writeFileSync(target, renderEnvReference());
process.stdout.write(`wrote ${target}\n`);
