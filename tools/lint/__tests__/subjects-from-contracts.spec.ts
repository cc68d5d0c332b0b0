import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

// The project's own eslint.config.js, run through ESLint's Node API on fixture texts placed (by filePath) in a
// service: NATS subjects there come only from libs/contracts' event and command definitions. The tree itself is held
// to the rule by `npm run lint`.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const RULE = 'smartlic-messaging/subjects-from-contracts';

const sut = new ESLint({ cwd: ROOT });

const subjectProblems = async (filePath: string, text: string) => {
  const [result] = await sut.lintText(text, { filePath: join(ROOT, filePath) });
  return result!.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
};

const SERVICE_FILE = 'services/registration/src/modules/jobs/fixture.ts';

describe('in services, NATS subjects come only from libs/contracts', () => {
  it.each([
    ['an event subject literal', "export const publish = (nc: { publish(s: string, d: string): void }) => nc.publish('smartlic.sync.v1.smart-account.upserted', '{}');\n"],
    ['a provisioning subject literal', "export const SUBJECT = 'hcs.provisioning.v1.cluster.created';\n"],
    ['a command subject literal', 'export const subject = "smartlic.license-mode.v1.virtual-account.get";\n'],
    ['a namespaced subject literal', "export const subject = 'test_ns.smartlic.registration.v1.cluster.status-changed';\n"],
    ['a wildcard under the smartlic root', "export const all = 'smartlic.>';\n"],
    ['a dead-letter subject literal', "export const dlq = 'smartlic.dlq.registration__provisioning';\n"],
    ['a subject built by a template', 'export const subject = (service: string) => `smartlic.${service}.v1.job.updated`;\n'],
    ['a subject built by concatenation', "export const subject = (service: string) => 'smartlic.' + service + '.v1.cluster.created';\n"],
    ['a subject built from SMARTLIC_ROOT', "import { SMARTLIC_ROOT } from '#libs/contracts';\nexport const subject = `${SMARTLIC_ROOT}.registration.v1.x`;\n"],
    ['a subject built by eventSubject', "import { eventSubject } from '#libs/contracts';\nexport const subject = eventSubject('registration', 'cluster', 'archived');\n"],
    ['a subject built by commandSubject through a namespace import', "import * as contracts from '#libs/contracts';\nexport const subject = contracts.commandSubject('registration', 'cluster', 'get');\n"],
    ['a builder taken by destructuring', "import * as contracts from '#libs/contracts';\nconst { deadLetterSubject } = contracts;\nexport const dlq = deadLetterSubject('x');\n"],
    ['qualify() of a string built here', "export const q = (subjects: { qualify(s: string): string }, verb: string) => subjects.qualify(`job.${verb}`);\n"],
    ['qualify() of a literal', "export const q = (subjects: { qualify(s: string): string }) => subjects.qualify('anything');\n"],
  ])('%s fails the lint', async (_case, text) => {
    expect(await subjectProblems(SERVICE_FILE, text)).not.toEqual([]);
  });

  it('names the subject and where subjects come from', async () => {
    expect(await subjectProblems(SERVICE_FILE, "export const s = 'smartlic.sync.v1.job.updated';\n")).toEqual([
      expect.stringMatching(/^NATS subject "smartlic\.sync\.v1\.job\.updated" written in a service: subjects come from libs\/contracts/),
    ]);
  });

  it('holds service specs to the rule too', async () => {
    expect(await subjectProblems('services/sync/src/__tests__/fixture.integration-spec.ts', "export const s = 'smartlic.sync.v1.smart-account.synced';\n")).toHaveLength(1);
  });

  it("a service using the contracts' definitions, span attribute names and event types passes", async () => {
    const text = [
      "import { JobEvents, SyncCommands } from '#libs/contracts';",
      'type Subjects = { qualify(s: string): string };',
      'export const subjects = (s: Subjects) => [s.qualify(JobEvents.updated.subject), s.qualify(SyncCommands.syncSmartAccount.subject)];',
      "export const attributes = (id: string) => ({ 'smartlic.job.id': id, 'smartlic.cluster.id': id });",
      "export const isJobUpdate = (type: string) => type === 'smartlic.job.updated';",
      "export const label = 'smartlic.registration';",
      '',
    ].join('\n');
    expect(await subjectProblems(SERVICE_FILE, text)).toEqual([]);
  });

  it('libs/contracts and libs/messaging build subjects: the rule is for services', async () => {
    const text = "import { SMARTLIC_ROOT } from './subjects.js';\nexport const s = `${SMARTLIC_ROOT}.dlq.x`;\n";
    expect(await subjectProblems('libs/contracts/src/messaging/fixture.ts', text)).toEqual([]);
  });
});
