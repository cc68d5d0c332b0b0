import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import subjectsFromContracts from './tools/lint/rules/subjects-from-contracts.js';
import { portsPlugin } from './tools/lint/sql-and-transport-in-ports.js';
import reactHooks from 'eslint-plugin-react-hooks';

// Import boundaries (proven by tools/lint/__tests__/import-boundaries.spec.ts).
// - The simulators are an independent oracle: they import nothing of smartlic's (libs, services, not even types) and
//   keep their own data in simulators/common/src/guide, written from the guide and Cisco's references.
// - A service reaches another only through libs/contracts (subjects, payload schemas), never by importing its code.
// no-restricted-imports sees the import's text, not where it resolves; "a relative import leaves its project" is
// therefore written per folder depth: a file `depth` folders below services/<name>/ (or simulators/<name>/) has left
// its project once it climbs `depth + 1` times with `..`.
const MAX_DEPTH = 12;

const SIMULATOR_MESSAGE =
  "Simulators import nothing of smartlic's (libs, services, not even types): they keep their own data in simulators/common/src/guide, written from the guide and Cisco's references. Use node builtins, npm packages and #simulators/*.";
const SIMULATOR_LEAVES_MESSAGE = 'A relative import may not leave simulators/<name>/: another simulator is reached through #simulators/<name>, smartlic not at all.';
const SERVICE_MESSAGE = "A service does not import another service's code: services meet only through libs/contracts (#libs/contracts).";
const SERVICE_LEAVES_MESSAGE = `${SERVICE_MESSAGE} A relative import may not leave services/<name>/ (use #libs/* for the shared libraries).`;

const SIMULATOR_SOURCES = [
  { regex: '^#(libs|services)(/|$)', message: SIMULATOR_MESSAGE },
  // **/libs/** and **/services/** by any path: relative, absolute, or through dist/.
  { regex: '(^|/)(libs|services)/', message: SIMULATOR_MESSAGE },
];
const SERVICE_SOURCES = [{ regex: '^#services(/|$)', message: SERVICE_MESSAGE }];

// In services, SQL only in repositories and database/ (migrations), raw transport clients only in ports; tests are
// free to inspect the database (tools/lint/sql-and-transport-in-ports.js).
const TESTS = ['**/__tests__/**', '**/*.spec.ts', '**/*.integration-spec.ts'];
const SQL_PLACES = ['services/**/*.repository.ts', 'services/*/src/database/**'];
const TRANSPORT_PLACES = ['services/**/*.client.ts', 'services/**/*.port.ts', 'services/*/src/drivers/**'];

const leavesProject = (depth, message) => ({ regex: `^(\\./)?(\\.\\.(/|$)){${depth + 1},}`, message });

/** `files` may not import a source matching one of `sources` (regexes over the import's text), static or dynamic. */
const forbidImports = (files, sources) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: sources.map(({ regex, message }) => ({ regex, message })) }],
    // import('...') expressions and import('...') types, which no-restricted-imports does not see. esquery's regex
    // literal cannot hold a '/', hence \x2F.
    'no-restricted-syntax': [
      'error',
      ...sources.map(({ regex, message }) => ({
        selector: `:matches(ImportExpression, TSImportType)[source.value=/${regex.replaceAll('/', '\\x2F')}/]`,
        message,
      })),
    ],
  },
});

/** One block per depth below `<root>/<name>/`: the sources of `sources`, and any relative import leaving `<root>/<name>/`. */
const projectBoundary = (root, sources, leavesMessage) =>
  Array.from({ length: MAX_DEPTH + 1 }, (_, depth) =>
    forbidImports([`${root}/*/${'*/'.repeat(depth)}*.ts`], [...sources, leavesProject(depth, leavesMessage)]),
  );

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'coverage/**', '**/*.js', '!eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['**/__tests__/**', '**/*.spec.ts', '**/*.integration-spec.ts', 'bench/**', 'tools/**', 'simulators/*/src/cli.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  ...projectBoundary('simulators', SIMULATOR_SOURCES, SIMULATOR_LEAVES_MESSAGE),
  ...projectBoundary('services', SERVICE_SOURCES, SERVICE_LEAVES_MESSAGE),
  // Subjects only from libs/contracts (tools/lint/rules/subjects-from-contracts.js; its own plugin name, so that the
  // rule's options never collide with no-restricted-syntax above).
  {
    files: ['services/**/*.ts'],
    plugins: { 'smartlic-messaging': { rules: { 'subjects-from-contracts': subjectsFromContracts } } },
    rules: { 'smartlic-messaging/subjects-from-contracts': 'error' },
  },
  { plugins: { 'smartlic-ports': portsPlugin } },
  { files: ['services/**/*.ts'], ignores: [...TESTS, ...SQL_PLACES], rules: { 'smartlic-ports/sql-in-repositories': 'error' } },
  { files: ['services/**/*.ts'], ignores: [...TESTS, ...TRANSPORT_PLACES], rules: { 'smartlic-ports/transport-in-ports': 'error' } },
  // The console (a browser app): the rules of hooks, and it knows smartlic only through the REST API's generated types.
  {
    files: ['console/**/*.ts', 'console/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^#|(^|/)(libs|services|simulators)/', message: 'The console reaches smartlic only through the REST API (console/src/api, generated by npm run console:api).' }] },
      ],
    },
  },
  { files: ['console/src/**/*.test.ts', 'console/src/**/*.test.tsx', 'console/src/test/**'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
);
