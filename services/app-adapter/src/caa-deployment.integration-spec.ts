import { Agent, request } from 'undici';
import { CaaCommands, CaaEvents } from '#libs/contracts';
import { NoRespondersError } from '#libs/messaging';
import { eventually } from '#libs/testing';
import { startCaaLab, TOKENS, ucCluster, type CaaLab } from './__tests__/fixtures/caa-lab.fixture.js';

const CER = [1, 2, 3, 4].map((i) => ucCluster(`cer-d${i}`, 'cer', 20 + i, { usage: [{ license: 'CER_USER', count: i }] }));

/** One deployment serving Emergency Responder only, two calls at a time, usage collected on a schedule. */
describe('an app-adapter deployment for a subset of application types', () => {
  let lab: CaaLab;
  let admin: Agent;

  const limits = async (body: unknown) => {
    const res = await request(`${lab.uc.url}/__admin/limits`, { method: 'PUT', dispatcher: admin, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await res.body.text();
  };

  beforeAll(async () => {
    lab = await startCaaLab('caa-deploy', { clusters: CER }, { extraEnv: { CAA_APP_TYPES: 'cer', CAA_MAX_CONCURRENCY_PER_TYPE: '2', CAA_USAGE_COLLECTION_INTERVAL_MS: '300ms', CAA_USAGE_COLLECTION_FIRST_RUN_DELAY_MS: '0' } });
    admin = new Agent({ connect: { ca: lab.uc.caPem! } });
    for (const c of CER) await lab.provision(lab.clusterOf(c));
  });
  afterAll(async () => {
    await admin?.close();
    await lab?.close();
  });

  it('answers only the commands of its types (CAA_APP_TYPES), as HCM-F runs one CAA service per type', async () => {
    await expect(lab.commands.request(CaaCommands.status('cuc'), { clusterId: CER[0]!.id })).rejects.toBeInstanceOf(NoRespondersError);
    expect(await lab.commands.request(CaaCommands.status('cer'), { clusterId: CER[0]!.id })).toMatchObject({ registrationStatus: 'evaluation' });
  });

  it('logs in once per publisher platform CLI and remembers its SSH host key', async () => {
    for (const c of CER) await lab.commands.request(CaaCommands.status('cer'), { clusterId: c.id });
    expect(CER.map((c) => lab.uc.calls.count('cer.ssh.session', c.id))).toEqual([1, 1, 1, 1]);
    const keys: { address: string; fingerprint: string }[] = await lab.adapter.dataSource.query('SELECT address, fingerprint FROM platform_host_key ORDER BY address');
    expect(keys).toEqual(CER.map((c) => ({ address: c.nodes[0]!.address, fingerprint: lab.uc.sshHostKeyFingerprint })));
  });

  it('keeps at most CAA_MAX_CONCURRENCY_PER_TYPE calls in flight for the type', async () => {
    for (const c of CER) await lab.commands.request(CaaCommands.register('cer'), { clusterId: c.id, token: TOKENS.vaA });
    await limits({ maxConcurrent: 2 });
    try {
      // Renewals are not retried: a third concurrent call would get 429 and fail the command.
      const renewed = await Promise.all(CER.map((c) => lab.commands.request(CaaCommands.renewAuth('cer'), { clusterId: c.id })));
      expect(renewed.map((r) => r.clusterId)).toEqual(CER.map((c) => c.id));
    } finally {
      await limits({});
    }
  });

  it('collects the license usage of every registered cluster on its schedule', async () => {
    await lab.adapter.dataSource.query('DELETE FROM outbox WHERE subject = $1', [CaaEvents.licenseUsageReported.subject]);
    const reported = await eventually(async () => {
      const rows: { payload: { data: { clusterId: string; usage: { count: number }[] } } }[] = await lab.adapter.dataSource.query('SELECT payload FROM outbox WHERE subject = $1', [
        CaaEvents.licenseUsageReported.subject,
      ]);
      const clusters = new Set(rows.map((r) => r.payload.data.clusterId));
      return clusters.size === CER.length ? rows : undefined;
    }, { what: 'a scheduled usage report of every registered cluster' });
    expect(reported.find((r) => r.payload.data.clusterId === 'cer-d3')?.payload.data.usage).toEqual([expect.objectContaining({ count: 3 })]);
  });
});
