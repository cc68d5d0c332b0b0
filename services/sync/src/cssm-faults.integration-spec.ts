import { SyncCommands } from '#libs/contracts';
import { delay } from '#libs/resilience';
import { closedPort, startSyncLab, type SyncLab } from './__tests__/fixtures/sync-lab.fixture.js';

/** Every CSSM fault of the guide's CSSM table that a sync can meet fails the job with its code; the copy stays as it was. */
describe('Smart Account Sync faults → CSSM error codes', () => {
  let lab: SyncLab;
  let smartAccountId: string;

  const syncFails = async (code: string) => {
    const { jobId } = await lab.commands.request(SyncCommands.syncSmartAccount, { smartAccountId });
    const job = await lab.job(jobId);
    expect({ status: job.status, errorCode: job.errorCode }).toEqual({ status: 'Failed', errorCode: code });
    expect(job.recommendedAction).toBeTruthy();
    // The last good copy is untouched.
    expect((await lab.commands.request(SyncCommands.listVirtualAccounts, { smartAccountId })).total).toBe(2);
    return job;
  };

  /** Saves the settings; their sync is the job the next sync request joins (one job per account). */
  const withSettings = async (overrides: Parameters<SyncLab['directConfig']>[0], options: { wait?: boolean } = {}) => {
    const { jobId } = await lab.commands.request(SyncCommands.updateSmartAccount, { id: smartAccountId, config: lab.directConfig(overrides) });
    if (options.wait) await lab.job(jobId);
  };

  beforeAll(async () => {
    lab = await startSyncLab('faults', { env: { CSSM_REQUEST_TIMEOUT: '300ms' } });
    const created = await lab.commands.request(SyncCommands.createSmartAccount, lab.directConfig());
    smartAccountId = created.smartAccount.id;
    expect((await lab.job(created.jobId)).status).toBe('Succeeded');
  });

  afterEach(async () => {
    lab.cssm.faults.clear();
    await withSettings({}, { wait: true });
  });

  afterAll(async () => {
    await lab?.close();
  });

  it('wrong client secret → CSSM1011', async () => {
    await withSettings({ clientSecret: 'wrong' });
    const job = await syncFails('CSSM1011');
    expect(job.statusInfo).toBe('CSSM1011: CSSM API Authentication Failed Error');
    expect(job.recommendedAction).toBe('Reconfigure client ID and Secret, and perform Smart Account Sync');
  });

  it('CSSM answering 401 even to a fresh token → CSSM1011 after one renewal', async () => {
    lab.cssm.faults.add({ route: 'cssm.virtual-accounts', kind: 'status', status: 401 });
    const tokens = lab.cssm.calls.count('cssm.token');
    await syncFails('CSSM1011');
    expect(lab.cssm.calls.count('cssm.token')).toBe(tokens + 1);
  });

  it('connection refused → CSSM1005', async () => {
    await withSettings({ cssmServer: `http://127.0.0.1:${await closedPort()}/services/api/smart-accounts-and-licensing` });
    await syncFails('CSSM1005');
  });

  it('unknown host → CSSM1006', async () => {
    await withSettings({ authenticationGateway: 'http://cssm.no-such-host.invalid/oauth2/default/v1/token' });
    await syncFails('CSSM1006');
  });

  it('no answer within the request timeout → CSSM1007 (after retries)', async () => {
    lab.cssm.faults.add({ route: 'cssm.licenses', kind: 'timeout' });
    const job = await syncFails('CSSM1007');
    expect(job.errorDetails).toMatchObject({ attempts: 3, operation: 'licenses' });
  });

  it('no route to host → CSSM1008', async () => {
    // 100::/64 is the IPv6 discard-only prefix (RFC 6666): no route leads there.
    await withSettings({ cssmServer: 'http://[100::1]:8443/services/api/smart-accounts-and-licensing' });
    await syncFails('CSSM1008');
  });

  it('a body that is not JSON → CSSM1012; JSON of the wrong shape → CSSM1013', async () => {
    lab.cssm.faults.add({ route: 'cssm.virtual-accounts', kind: 'malformed', times: 1 });
    await syncFails('CSSM1012');
    lab.cssm.faults.add({ route: 'cssm.subscriptions', kind: 'status', status: 200, body: { status: 'OK', subscriptions: 'none' } });
    await syncFails('CSSM1013');
  });

  it('403 (credentials without access to the domain) → CSSM1015', async () => {
    await withSettings({ domain: 'other-sp.example.com' });
    await syncFails('CSSM1015');
  });

  it('unknown smart account → CSSM1019', async () => {
    await withSettings({ domain: 'no-such-account.example.com' });
    await syncFails('CSSM1019');
  });

  it('5xx on every attempt → CSSM1020; a 429 or 5xx once is retried and the sync succeeds', async () => {
    lab.cssm.faults.add({ route: 'cssm.tokens.list', kind: 'status', status: 503 });
    expect((await syncFails('CSSM1020')).errorDetails).toMatchObject({ httpStatus: 503, attempts: 3 });
    lab.cssm.faults.clear();
    lab.cssm.faults.add({ route: 'cssm.licenses', kind: 'status', status: 429, times: 1 });
    lab.cssm.faults.add({ route: 'cssm.subscriptions', kind: 'status', status: 500, times: 1 });
    lab.cssm.faults.add({ route: 'cssm.virtual-accounts', kind: 'reset', times: 1 });
    const { jobId } = await lab.commands.request(SyncCommands.syncSmartAccount, { smartAccountId });
    expect((await lab.job(jobId)).status).toBe('Succeeded');
  });
});

describe('the circuit of a CSSM host (libs/resilience)', () => {
  let lab: SyncLab;
  let smartAccountId: string;
  const sync = async () => lab.job((await lab.commands.request(SyncCommands.syncSmartAccount, { smartAccountId })).jobId);

  beforeAll(async () => {
    lab = await startSyncLab('circuit', { env: { CSSM_CIRCUIT_BREAK_AFTER: '2', CSSM_CIRCUIT_HALF_OPEN_AFTER: '1s' } });
    const created = await lab.commands.request(SyncCommands.createSmartAccount, lab.directConfig());
    smartAccountId = created.smartAccount.id;
    expect((await lab.job(created.jobId)).status).toBe('Succeeded');
  });

  afterAll(async () => {
    await lab?.close();
  });

  it('opens after consecutive 5xx: the next sync fails fast with the same code without calling CSSM; after the pause a call passes and closes it', async () => {
    lab.cssm.faults.add({ route: 'cssm.virtual-accounts', kind: 'status', status: 503 });
    expect(await sync()).toMatchObject({ status: 'Failed', errorCode: 'CSSM1020' });
    const calls = lab.cssm.calls.count('cssm.virtual-accounts');
    const refused = await sync();
    expect(refused).toMatchObject({ status: 'Failed', errorCode: 'CSSM1020', errorDetails: { circuit: 'open' } });
    expect(lab.cssm.calls.count('cssm.virtual-accounts')).toBe(calls);
    lab.cssm.faults.clear();
    await delay(1_100);
    expect((await sync()).status).toBe('Succeeded');
  });
});
