// Module hooks of register.js: `#libs/*` and `#simulators/*` to their TypeScript sources (package.json maps them to
// dist/), `./x.js` to `./x.ts` beside it, and TypeScript compiled by swc with the options jest uses (.swcrc).
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import swc from '@swc/core';

const root = new URL('../../../../', import.meta.url);
const { $schema: _schema, ...swcrc } = JSON.parse(readFileSync(new URL('.swcrc', root), 'utf8'));

export async function resolve(specifier, context, nextResolve) {
  const workspace = /^#(libs|simulators)\/([^/]+)$/.exec(specifier);
  if (workspace) return { url: new URL(`${workspace[1]}/${workspace[2]}/src/index.ts`, root).href, shortCircuit: true };
  if (context.parentURL?.endsWith('.ts') && /^\.{1,2}\/.*\.js$/.test(specifier)) {
    const source = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (existsSync(source)) return { url: source.href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const filename = fileURLToPath(url);
  const { code } = await swc.transform(await readFile(filename, 'utf8'), { ...swcrc, swcrc: false, filename });
  return { format: 'module', source: code, shortCircuit: true };
}
