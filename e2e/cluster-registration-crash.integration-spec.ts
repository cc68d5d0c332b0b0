import { RegistrationCommands, type Job } from '#libs/contracts';
import { eventually } from '#libs/testing';
import type { UcClusterInput } from '#simulators/uc-apps';
import { startRegistrationLab, ucCluster, type RegistrationLab } from './support/registration-lab.js';

interface BatchReply {
  jobs: { clusterId: string; jobId: string }[];
}

const TYPES = ['cucm', 'cuc', 'cer', 'expressway-c'] as const;

/** A batch of clusters of every type, nodes in their own address block. */
const batch = (prefix: string, count: number, firstBlock: number, extra: Partial<UcClusterInput> = {}): UcClusterInput[] =>
  Array.from({ length: count }, (_, i) => ucCluster(`${prefix}-${i}`, TYPES[i % TYPES.length]!, firstBlock + i, extra));

/**
 * The fault rule: if registration, license-mode or app-adapter is killed in the middle of a batch, the batch
 * still ends with every cluster in a final state after restart, and no cluster is registered twice at the
 * application (the simulator's call counts prove it). Also the guide's JMS-timeout codes when a service is down.
 */
describe('a batch survives a crash of each involved service', () => {
  const registrationBatch = batch('reg', 16, 100);
  const adapterBatch = batch('caa', 16, 200);
  // Unified CM, Unity Connection and Emergency Responder in Enterprise mode: their publishers reboot.
  const licenseModeBatch = batch('lm', 9, 300, { licenseMode: 'Enterprise' }).map((c, i) => (c.type === 'expressway-c' ? ucCluster(`lm-x-${i}`, 'cucm', 400 + i, { licenseMode: 'Enterprise' }) : c));
  const downCuc = ucCluster('down-cuc', 'cuc', 500);
  const downExp = ucCluster('down-exp', 'expressway-c', 501);
  const downCucm = ucCluster('down-cucm', 'cucm', 502);
  let lab: RegistrationLab;
  let va: string;

  const assign = async (clusters: UcClusterInput[]): Promise<string[]> => {
    const res = await lab.api(`/virtual-accounts/${va}/clusters`, { method: 'POST', json: { clusterIds: clusters.map((c) => c.id) } });
    expect({ status: res.status, body: res.status === 202 ? null : await res.text() }).toEqual({ status: 202, body: null });
    return ((await res.json()) as BatchReply).jobs.map((j) => j.jobId);
  };

  const jobs = (ids: string[]) => Promise.all(ids.map((id) => lab.commands.request(RegistrationCommands.getJob, { id })));

  /** Every cluster registered to the VA exactly once per smart agent (Expressway: one per node). */
  const expectRegisteredOnce = (clusters: UcClusterInput[]) => {
    for (const c of clusters) {
      const agents = lab.snapshot(c.id).nodes.filter((n) => n.smartAgent).map((n) => n.smartAgent!);
      expect({ id: c.id, states: agents.map((a) => `${a.state}:${a.registration?.virtualAccount ?? ''}`) }).toEqual({ id: c.id, states: agents.map(() => 'REGISTERED:va-customer-1') });
      expect({ id: c.id, registerCalls: lab.registerCalls(c.id) }).toEqual({ id: c.id, registerCalls: agents.length });
    }
  };

  const expectSucceeded = (finished: Job[]) => expect(finished.map((j) => `${j.entityId}:${j.status}:${j.errorCode ?? ''}`)).toEqual(finished.map((j) => `${j.entityId}:Succeeded:`));

  beforeAll(async () => {
    lab = await startRegistrationLab({
      label: 'clcrash',
      clusters: [...registrationBatch, ...adapterBatch, ...licenseModeBatch, downCuc, downExp, downCucm],
      rebootMs: 1_500,
      // The license-mode timeout as long as a real reboot allows: a job whose reply died with license-mode asks again
      // after one short attempt, and never waits it out (finalJobs gives up after 60 s).
      env: { REGISTRATION_JOB_CONCURRENCY: '4', REGISTRATION_CAA_TIMEOUT_MS: '3s', REGISTRATION_LICENSE_MODE_TIMEOUT_MS: '10m', REGISTRATION_LICENSE_MODE_ATTEMPT_MS: '1s' },
    });
    // Every application call takes 40 ms: a batch lasts long enough to be interrupted.
    lab.uc.latency.set([{ route: '*', fixedMs: 40 }]);
    await lab.provisionCustomer({ id: 'customer-1', name: 'Customer One' });
    await lab.provisionClusters([...registrationBatch, ...adapterBatch, ...licenseModeBatch, downCuc, downExp, downCucm]);
    va = await lab.virtualAccountId('va-customer-1');
    expect((await lab.api(`/virtual-accounts/${va}/license-mode`, { method: 'PUT', json: { mode: 'HCS' }, roles: ['admin'] })).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await lab?.close();
  });

  it('registration killed mid-batch: after restart every job resumes from its last step and ends Succeeded; no double registration', async () => {
    const ids = await assign(registrationBatch);
    await eventually(async () => {
      const states = (await jobs(ids)).map((j) => j.status);
      return states.includes('Succeeded') && states.some((s) => s !== 'Succeeded');
    }, { what: 'a batch half done', intervalMs: 10 });
    await lab.crash('registration');
    await lab.start('registration');
    expectSucceeded(await lab.finalJobs(ids));
    expectRegisteredOnce(registrationBatch);
  });

  it('app-adapter killed mid-batch: the steps that got no answer are retried after restart; every job ends Succeeded; no double registration', async () => {
    const ids = await assign(adapterBatch);
    await eventually(async () => {
      const states = (await jobs(ids)).map((j) => j.status);
      return states.includes('Succeeded') && states.some((s) => s !== 'Succeeded');
    }, { what: 'a batch half done', intervalMs: 10 });
    await lab.crash('app-adapter');
    await new Promise((r) => setTimeout(r, 300));
    await lab.start('app-adapter');
    expectSucceeded(await lab.finalJobs(ids));
    expectRegisteredOnce(adapterBatch);
  });

  it('license-mode killed while publishers reboot (Enterprise to HCS): every job ends Succeeded well before the 10 min license-mode timeout, each mode changed once, no double registration', async () => {
    const ids = await assign(licenseModeBatch);
    await eventually(() => licenseModeBatch.some((c) => lab.snapshot(c.id).rebooting), { what: 'a publisher rebooting', intervalMs: 10 });
    await lab.crash('license-mode');
    await lab.start('license-mode');
    const restarted = Date.now();
    expectSucceeded(await lab.finalJobs(ids));
    // Asked again after a 1 s attempt: seconds after the restart, not REGISTRATION_LICENSE_MODE_TIMEOUT_MS.
    expect(Date.now() - restarted).toBeLessThan(30_000);
    for (const c of licenseModeBatch) {
      expect({ id: c.id, mode: lab.snapshot(c.id).licenseMode, changes: lab.uc.calls.count('paws.deployment-mode.set', c.id) }).toEqual({ id: c.id, mode: 'HCS', changes: 1 });
    }
    expectRegisteredOnce(licenseModeBatch);
  });

  it("a service that does not answer gives the guide's JMS-timeout code: SLMCT1005 (CAA during the license mode), SLM1018 (transport settings), SLMCT1004 (license-mode)", async () => {
    await lab.crash('registration');
    await lab.start('registration', { REGISTRATION_JOB_MAX_ATTEMPTS: '1', REGISTRATION_CAA_TIMEOUT_MS: '1s', REGISTRATION_LICENSE_MODE_TIMEOUT_MS: '2s' });
    await lab.crash('app-adapter');
    const [cucJob, expJob] = await lab.finalJobs(await assign([downCuc, downExp]));
    expect(cucJob).toMatchObject({ status: 'Failed', errorCode: 'SLMCT1005', recommendedAction: 'Check if CAA Service is up. Check Logs for more details' });
    // Expressway has no license mode: its first call is the transport settings (the guide has no Expressway adapter
    // code; the CAA CUCM Adapter's stands in).
    expect(expJob).toMatchObject({ status: 'Failed', errorCode: 'SLM1018' });
    expect(await (await lab.api(`/clusters/${downCuc.id}`)).json()).toMatchObject({ status: 'Manual Registration Failed', job: { errorCode: 'SLMCT1005' } });
    // license-mode (HCM-F's Provisioning Adapter) down: the VA's license mode cannot be read, the batch is refused.
    await lab.crash('license-mode');
    const refused = await lab.api(`/virtual-accounts/${va}/clusters`, { method: 'POST', json: { clusterIds: [downCucm.id] } });
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ code: 'SLMCT1004', recommendedAction: 'Check if Provisioning Adapter Service is up. Check Logs for more details' });
    expect(await (await lab.api(`/clusters/${downCucm.id}`)).json()).toMatchObject({ virtualAccount: null, status: null, job: null });
    await lab.start('app-adapter');
    await lab.start('license-mode');
  });
});
