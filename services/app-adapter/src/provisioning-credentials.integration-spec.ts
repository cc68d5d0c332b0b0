import { CaaCommands, CONSUMERS, createEnvelope, ProvisioningCommands, ProvisioningEvents, STREAMS, type ClusterProvisioning } from '#libs/contracts';
import { DLQ_HEADERS } from '#libs/messaging';
import { encryptProvisioningPasswords, generateProvisioningKeyPair, type ProvisioningPublicJwk } from '#libs/secrets';
import { eventually } from '#libs/testing';
import { ADMIN, PLATFORM, startCaaLab, TOKENS, ucCluster, type CaaLab } from './__tests__/fixtures/caa-lab.fixture.js';

const CUCM = ucCluster('cucm-enc', 'cucm', 41);
const CER = ucCluster('cer-enc', 'cer', 42);
const CLEAR = ucCluster('cucm-clear', 'cucm', 43);
const FOREIGN = ucCluster('cucm-foreign', 'cucm', 44);
const SECRETS = [ADMIN.password, PLATFORM.password];

/**
 * Credentials out of the event log: provisioning systems encrypt passwords with the deployment's public key (asked of
 * app-adapter on the bus), the stream and the dead-letter stream never hold one in clear, and app-adapter, which alone
 * holds the private key, still registers the cluster with them.
 */
describe('provisioning credentials encrypted for app-adapter', () => {
  let lab: CaaLab;
  let publicJwk: ProvisioningPublicJwk;
  const keys = generateProvisioningKeyPair('lab-1');

  const rawMessage = async (subject: string): Promise<string> => {
    const { jsm, subjects } = lab.adapter.handles;
    const message = await jsm.streams.getMessage(subjects.stream(subject === CONSUMERS.appAdapter.provisioning.deadLetters ? STREAMS.deadLetter : STREAMS.provisioning), { last_by_subj: subjects.qualify(subject) });
    if (!message) throw new Error(`no message on ${subject}`);
    return JSON.stringify({ headers: message.header ? Object.fromEntries([...message.header].map(([k, v]) => [k, v.join(',')])) : {}, data: message.string() });
  };
  const publish = async (cluster: ClusterProvisioning): Promise<string> => {
    const envelope = createEnvelope(ProvisioningEvents.clusterCreated.type, 1, cluster);
    const { js, subjects } = lab.adapter.handles;
    await js.publish(subjects.qualify(ProvisioningEvents.clusterCreated.subject), JSON.stringify(envelope), { msgID: envelope.id });
    return envelope.id;
  };
  const deadLetter = (id: string) =>
    eventually(
      async () => {
        const text = await rawMessage(CONSUMERS.appAdapter.provisioning.deadLetters);
        const copy = JSON.parse(text) as { headers: Record<string, string>; data: string };
        return (JSON.parse(copy.data) as { id: string }).id === id ? { ...copy, text } : undefined;
      },
      { what: `the dead letter of ${id}` },
    );
  const stored = async (clusterId: string) => Number(((await lab.adapter.dataSource.query('SELECT count(*) AS n FROM endpoint WHERE cluster_id = $1', [clusterId])) as { n: string }[])[0]!.n);

  beforeAll(async () => {
    lab = await startCaaLab('caa-enc', { clusters: [CUCM, CER, CLEAR, FOREIGN] }, { extraEnv: { PROVISIONING_DECRYPTION_KEYS: keys.privateJwks, PROVISIONING_REQUIRE_ENCRYPTED_CREDENTIALS: 'true' } });
    const answer = await lab.commands.request(ProvisioningCommands.encryptionKey, {});
    publicJwk = answer.keys[0] as ProvisioningPublicJwk;
  });
  afterAll(() => lab?.close());

  it('publishes the public key (never the private half) on the bus', () => {
    expect(publicJwk).toEqual(keys.publicJwk);
    expect(JSON.stringify(publicJwk)).not.toContain(JSON.parse(keys.privateJwks).keys[0].d);
  });

  it.each([
    ['cucm', CUCM],
    ['cer', CER],
  ] as const)('keeps no clear password in the stream, and registers the %s cluster with the encrypted credentials', async (type, sim) => {
    await lab.provision(await encryptProvisioningPasswords(lab.clusterOf(sim), publicJwk));
    const raw = await rawMessage(ProvisioningEvents.clusterCreated.subject);
    expect(raw).toContain('encryptedPassword');
    for (const secret of SECRETS) expect(raw).not.toContain(secret);

    const registered = await lab.commands.request(CaaCommands.register(type), { clusterId: sim.id, token: TOKENS.vaA });
    expect(registered.status).toMatchObject({ clusterId: sim.id, registrationStatus: 'registered', virtualAccount: 'va-a' });
  });

  it('refuses a clear password once encryption is required: dead-lettered naming the field, the copy without it, nothing stored', async () => {
    const id = await publish(lab.clusterOf(CLEAR));
    const copy = await deadLetter(id);
    expect(copy.headers[DLQ_HEADERS.reason]).toMatch(/credentials\.admin\.password, credentials\.platform\.password: clear password refused/);
    expect(copy.headers[DLQ_HEADERS.redacted]).toBe('data.credentials.admin.password,data.credentials.platform.password');
    for (const secret of SECRETS) expect(copy.text).not.toContain(secret);
    expect(await stored(CLEAR.id)).toBe(0);
  });

  it('dead-letters a password encrypted for another key, naming the field, and keeps it sealed in the copy', async () => {
    const other = generateProvisioningKeyPair('lab-1');
    const cluster = await encryptProvisioningPasswords(lab.clusterOf(FOREIGN), other.publicJwk);
    const id = await publish(cluster);
    const copy = await deadLetter(id);
    expect(copy.headers[DLQ_HEADERS.reason]).toMatch(/credentials\.admin\.encryptedPassword cannot be decrypted with key lab-1/);
    expect(copy.data).toContain(cluster.credentials.admin!.encryptedPassword);
    for (const secret of SECRETS) expect(copy.text).not.toContain(secret);
    expect(await stored(FOREIGN.id)).toBe(0);
  });
});
