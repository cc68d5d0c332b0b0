import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONSOLE_API_SCHEMA_PATH, renderConsoleApiSchema } from './console-api.js';

/** Writes the console's API types from the gateway's OpenAPI document (`npm run console:api`, from the repository root). */
const target = resolve(process.cwd(), CONSOLE_API_SCHEMA_PATH);
writeFileSync(target, await renderConsoleApiSchema());
console.log(`console API types written to ${target}`);
