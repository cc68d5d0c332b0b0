// `npm run error-reference`: writes docs/error-codes.md from the error catalogue.
import { writeFileSync } from 'node:fs';
import { renderErrorReference } from './error-reference.js';

const target = process.argv[2] ?? 'docs/error-codes.md';
writeFileSync(target, renderErrorReference());
process.stdout.write(`wrote ${target}\n`);
