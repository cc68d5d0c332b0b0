import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

// The project's own eslint.config.js, run through ESLint's Node API on fixture texts placed (by filePath) where the
// boundaries apply: the simulators import nothing of smartlic's, and no service imports another.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BOUNDARY_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

const sut = new ESLint({ cwd: ROOT });

const lint = async (filePath: string, text: string) => {
  const [result] = await sut.lintText(text, { filePath: join(ROOT, filePath) });
  return result!.messages;
};
const boundaryProblems = async (filePath: string, text: string) => (await lint(filePath, text)).filter((m) => BOUNDARY_RULES.has(m.ruleId ?? ''));

/** The deepest .ts file below `root` (relative to the repository), to show the per-depth rules reach it. */
const deepestFile = (root: string): string => {
  const files = readdirSync(join(ROOT, root), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.includes('node_modules'));
  const deepest = files.reduce((a, b) => (b.split('/').length > a.split('/').length ? b : a));
  return relative(ROOT, join(ROOT, root, deepest));
};

describe('simulators import nothing of smartlic (an independent oracle)', () => {
  it.each([
    ['a simulator importing SMART_AGENT_REST_ERRORS from #libs/contracts', "import { SMART_AGENT_REST_ERRORS } from '#libs/contracts';\nexport const rows = SMART_AGENT_REST_ERRORS;\n"],
    ['a simulator importing only a type from #libs/contracts', "import type { LicenseMode } from '#libs/contracts';\nexport type Mode = LicenseMode;\n"],
    ['a simulator naming a type through import() of #libs/contracts', "export type Mode = import('#libs/contracts').LicenseMode;\n"],
    ['a simulator importing a service by relative path', "import { x } from '../../../services/x';\nexport const y = x;\n"],
    ['a simulator importing a library by relative path', "import { LICENSE_MAPPING } from '../../../libs/contracts/src/index.js';\nexport const m = LICENSE_MAPPING;\n"],
    ['a simulator importing a built library from dist/', "import { LICENSE_MAPPING } from '../../../dist/libs/contracts/src/index.js';\nexport const m = LICENSE_MAPPING;\n"],
    ['a simulator re-exporting a service', "export * from '../../../services/app-adapter/src/index.js';\n"],
    ['a simulator loading a service dynamically', "export const load = () => import('../../../services/x/src/index.js');\n"],
    ['a simulator importing a #services alias', "import { x } from '#services/registration';\nexport const y = x;\n"],
    ['a simulator reaching another simulator by a relative path', "import { generateClusters } from '../../uc-apps/src/index.js';\nexport const g = generateClusters;\n"],
  ])('%s fails the lint', async (_case, text) => {
    expect(await boundaryProblems('simulators/cssm/src/fixture.ts', text)).not.toEqual([]);
  });

  it('a simulator spec importing #libs/contracts fails the lint too', async () => {
    const problems = await boundaryProblems('simulators/uc-apps/src/__tests__/fixture.spec.ts', "import { LICENSE_MAPPING } from '#libs/contracts';\nexport const m = LICENSE_MAPPING;\n");
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('simulators/common/src/guide')]);
  });

  it('a simulator importing #simulators/common, its own files, npm packages and node builtins passes', async () => {
    const text = [
      "import { readFileSync } from 'node:fs';",
      "import { z } from 'zod';",
      "import { GUIDE_LICENSE_MAPPING, type SimLicenseMode } from '#simulators/common';",
      "import { candidatesFor } from './license-allocation.js';",
      "import { registerAgentRoutes } from '../agent.routes.js';",
      'export const all = [readFileSync, z, GUIDE_LICENSE_MAPPING, candidatesFor, registerAgentRoutes];',
      "export type Mode = SimLicenseMode;",
      '',
    ].join('\n');
    expect(await lint('simulators/cssm/src/__tests__/fixture.ts', text)).toEqual([]);
  });

  it('the deepest simulator file is held to the boundary', async () => {
    const file = deepestFile('simulators');
    const outOfTree = `${'../'.repeat(file.split('/').length - 1)}libs/contracts/src/index.js`;
    expect(await boundaryProblems(file, `export * from '${outOfTree}';\n`)).not.toEqual([]);
  });
});

describe('no service imports another service', () => {
  it.each([
    ['climbing into a sibling service', 'services/registration/src/modules/jobs/fixture.ts', "import { x } from '../../../../app-adapter/src/index.js';\nexport const y = x;\n"],
    ['through the services folder from the root', 'services/registration/src/modules/jobs/fixture.ts', "import { x } from '../../../../../services/app-adapter/src/index.js';\nexport const y = x;\n"],
    ['from a service root file', 'services/sync/src/fixture.ts', "export * from '../../reporting/src/index.js';\n"],
    ['dynamically', 'services/gateway/src/fixture.ts', "export const load = () => import('../../registration/src/main.js');\n"],
    ['through a #services alias', 'services/gateway/src/fixture.ts', "import { x } from '#services/registration';\nexport const y = x;\n"],
    ['from a test file', 'services/registration/src/modules/jobs/__tests__/fixture.spec.ts', "import { x } from '../../../../../app-adapter/src/index.js';\nexport const y = x;\n"],
    ['from an e2e-style integration spec inside a service', 'services/sync/src/fixture.integration-spec.ts', "import { x } from '../../gateway/src/index.js';\nexport const y = x;\n"],
  ])('a service importing another %s fails the lint', async (_case, filePath, text) => {
    expect(await boundaryProblems(filePath, text)).not.toEqual([]);
  });

  it('a service importing its own files, #libs/* and (in tests) #simulators/* passes', async () => {
    const text = [
      "import { ERROR_CATALOGUE } from '#libs/contracts';",
      "import { startUcAppsSimulator } from '#simulators/uc-apps';",
      "import { x } from '../../assignment/assignment.handler.js';",
      "import { y } from '../../../config/env.js';",
      'export const all = [ERROR_CATALOGUE, startUcAppsSimulator, x, y];',
      '',
    ].join('\n');
    expect(await lint('services/registration/src/modules/jobs/__tests__/fixture.spec.ts', text)).toEqual([]);
  });

  it('the deepest service file is held to the boundary', async () => {
    const file = deepestFile('services');
    const sibling = file.startsWith('services/gateway/') ? 'sync' : 'gateway';
    const intoSibling = `${'../'.repeat(file.split('/').length - 2)}${sibling}/src/index.js`;
    expect(await boundaryProblems(file, `export * from '${intoSibling}';\n`)).not.toEqual([]);
  });
});

describe('the tree today', () => {
  it('every simulator file keeps to the boundary', async () => {
    const results = await sut.lintFiles(['simulators']);
    const problems = results.flatMap((r) => r.messages.filter((m) => BOUNDARY_RULES.has(m.ruleId ?? '')).map((m) => `${relative(ROOT, r.filePath)}: ${m.message}`));
    expect(problems).toEqual([]);
    expect(results.length).toBeGreaterThan(50);
  });
});
