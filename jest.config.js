// Two jest projects for the whole workspace:
// - unit: `__tests__/*.spec.ts`, no server (runs with Postgres and NATS stopped: `npm run test:unit`);
// - integration: `*.integration-spec.ts`, against the real Postgres and NATS chosen by libs/testing's global setup,
//   which also brings up what the tests need (local servers, sshd, xmllint).
import { readFileSync } from 'node:fs';

const swcrc = JSON.parse(readFileSync(new URL('./.swcrc', import.meta.url), 'utf8'));
const ROOTS = '{libs,services,simulators,bench,tools,e2e,helm}';

const common = {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleNameMapper: {
    '^#libs/(.*)$': '<rootDir>/libs/$1/src/index.ts',
    '^#simulators/(.*)$': '<rootDir>/simulators/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

/** @type {import('jest').Config} */
export default {
  // A global option: jest ignores it inside a project.
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: [`<rootDir>/${ROOTS}/**/*.spec.ts`] },
    {
      ...common,
      displayName: 'integration',
      testMatch: [`<rootDir>/${ROOTS}/**/*.integration-spec.ts`],
      globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest/instrumentation.setup.ts'],
      globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
    },
  ],
};
