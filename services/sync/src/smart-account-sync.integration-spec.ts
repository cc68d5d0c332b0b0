import { JobEvents, SyncCommands, SyncEvents } from '#libs/contracts';
import { eventually } from '#libs/testing';
import { DOMAIN, startSyncLab, type SyncLab } from './__tests__/fixtures/sync-lab.fixture.js';

const outbox = async (lab: SyncLab, subject: string): Promise<{ data: Record<string, unknown> }[]> =>
  ((await lab.sync.dataSource.query('SELECT payload FROM outbox WHERE subject = $1 ORDER BY created_at, id', [subject])) as { payload: { data: Record<string, unknown> } }[]).map((r) => r.payload);

describe('Smart Account Sync against the CSSM simulator (Direct mode)', () => {
  let lab: SyncLab;
  let smartAccountId: string;

  beforeAll(async () => {
    // Pages of 2 so that licenses and subscriptions are read over several pages.
    lab = await startSyncLab('sync', { env: { CSSM_PAGE_SIZE: '2' } });
  });

  afterAll(async () => {
    await lab?.close();
  });

  it('saving a smart account stores it with an encrypted secret and starts a sync that copies VAs, licenses, subscriptions and tokens', async () => {
    const created = await lab.commands.request(SyncCommands.createSmartAccount, lab.directConfig({ syncIntervalSeconds: 3600 }));
    smartAccountId = created.smartAccount.id;
    expect(created.smartAccount).toMatchObject({ domain: DOMAIN, type: 'CSSM', transportMode: 'Direct', clientSecretSet: true });
    expect(JSON.stringify(created)).not.toContain('hcmf-secret');

    const job = await lab.job(created.jobId);
    expect(job).toMatchObject({ status: 'Succeeded', trigger: 'save', jobType: 'Smart Account Sync', entityType: 'Smart Account', errorCode: null });
    expect(job.counts).toMatchObject({ virtualAccounts: 2, virtualAccountsRemoved: 0, licenses: 4, subscriptions: 3, subscriptionsRemoved: 0 });
    // Licenses in pages of 2: va-hcs-operational's 3 lines take 2 calls, va-hcs-ordered's 1 line 1 call.
    expect(lab.cssm.calls.count('cssm.licenses')).toBe(3);
    expect(lab.cssm.calls.count('cssm.subscriptions')).toBe(2);

    const stored: { client_secret: string }[] = await lab.sync.dataSource.query('SELECT client_secret FROM smart_account');
    expect(stored[0]!.client_secret).toMatch(/^v1\./);

    const summary = await lab.commands.request(SyncCommands.getSmartAccount, { id: smartAccountId });
    expect(summary).toMatchObject({ name: 'HCS Service Provider', status: 'Active', virtualAccounts: 2, lastSyncStatus: 'Succeeded', alerts: [] });
    expect(summary.lastSyncAt).not.toBeNull();

    const vas = await lab.commands.request(SyncCommands.listVirtualAccounts, { smartAccountId });
    expect(vas.items.map((v) => [v.name, v.smartAccountName, v.isDefault, v.clusters])).toEqual([
      ['va-hcs-operational', 'HCS Service Provider', false, 0],
      ['va-hcs-ordered', 'HCS Service Provider', true, 0],
    ]);
    const operational = vas.items[0]!;
    const licenses = await lab.commands.request(SyncCommands.listLicenses, { id: operational.id });
    expect(licenses.items.find((l) => l.license === 'HCS Cisco UCM Foundation License')).toMatchObject({ quantity: 100, inUse: 0, available: 100, licenseDetails: [{ subscriptionId: 'Sub-1', licenseType: 'TERM' }] });
    const subscriptions = await lab.commands.request(SyncCommands.listSubscriptions, { id: operational.id });
    expect(subscriptions.items.map((s) => [s.subscriptionId, s.license, s.quantity])).toEqual([
      ['Sub-1', 'HCS Cisco UCM Foundation License', 100],
      ['Sub-2', 'HCS Cisco UCM Standard License', 50],
    ]);

    expect((await outbox(lab, SyncEvents.smartAccountUpserted.subject))[0]!.data).toMatchObject({ id: smartAccountId, transportMode: 'Direct', proxy: null });
    expect(await outbox(lab, SyncEvents.virtualAccountUpserted.subject)).toHaveLength(2);
    expect(await outbox(lab, SyncEvents.licenseSnapshotUpdated.subject)).toHaveLength(2);
    expect(await outbox(lab, SyncEvents.subscriptionUpserted.subject)).toHaveLength(3);
    expect((await outbox(lab, SyncEvents.smartAccountSynced.subject))[0]!.data).toMatchObject({ smartAccountId, jobId: created.jobId });
    const jobEvents = (await outbox(lab, JobEvents.updated.subject)).map((e) => e.data.status);
    expect(jobEvents).toEqual(['In Progress', 'Succeeded']);
    // No event ever carries a secret.
    const all: { payload: unknown }[] = await lab.sync.dataSource.query('SELECT payload FROM outbox');
    expect(JSON.stringify(all)).not.toMatch(/hcmf-secret/);
  });

  it('reuses the cached access token across syncs, and an unchanged account announces nothing again', async () => {
    const tokenCalls = lab.cssm.calls.count('cssm.token');
    const { jobId } = await lab.commands.request(SyncCommands.syncSmartAccount, { smartAccountId });
    expect(await lab.job(jobId)).toMatchObject({ status: 'Succeeded', trigger: 'on-demand' });
    expect(lab.cssm.calls.count('cssm.token')).toBe(tokenCalls);
    expect(await outbox(lab, SyncEvents.virtualAccountUpserted.subject)).toHaveLength(2);
    expect(await outbox(lab, SyncEvents.licenseSnapshotUpdated.subject)).toHaveLength(2);
  });

  it('renews the access token once when CSSM answers 401 (token expired on the CSSM side)', async () => {
    const tokenCalls = lab.cssm.calls.count('cssm.token');
    lab.cssm.state.advanceClock(2 * 3600_000);
    const { jobId } = await lab.commands.request(SyncCommands.syncSmartAccount, { smartAccountId });
    expect(await lab.job(jobId)).toMatchObject({ status: 'Succeeded' });
    expect(lab.cssm.calls.count('cssm.token')).toBe(tokenCalls + 1);
  });

  it('a second sync request while one runs returns the running job (one job per account)', async () => {
    lab.cssm.latency.set([{ route: 'cssm.*', fixedMs: 100 }]);
    try {
      const first = await lab.commands.request(SyncCommands.syncSmartAccount, { smartAccountId });
      const second = await lab.commands.request(SyncCommands.syncSmartAccount, { smartAccountId });
      expect(second.jobId).toBe(first.jobId);
      await lab.job(first.jobId);
    } finally {
      lab.cssm.latency.clear();
    }
  });

  it('a smart account saved while its sync runs is synced again with the new settings right after', async () => {
    const before = new Set((await lab.commands.request(SyncCommands.listSyncJobs, { smartAccountId })).items.map((j) => j.id));
    lab.cssm.latency.set([{ route: 'cssm.*', fixedMs: 100 }]);
    try {
      const running = await lab.commands.request(SyncCommands.syncSmartAccount, { smartAccountId });
      const saved = await lab.commands.request(SyncCommands.updateSmartAccount, { id: smartAccountId, config: { ...lab.directConfig({ name: 'Renamed SP' }), clientSecret: undefined } });
      expect(saved.jobId).toBe(running.jobId);
      await lab.job(running.jobId);
      const next = await eventually(async () => (await lab.commands.request(SyncCommands.listSyncJobs, { smartAccountId })).items.find((j) => j.trigger === 'save' && !before.has(j.id) && j.id !== running.jobId && j.status === 'Succeeded'), {
        what: 'the sync after the save',
      });
      expect(next.entityName).toBe('Renamed SP');
    } finally {
      lab.cssm.latency.clear();
    }
  });

  it('marks a virtual account and subscriptions that disappeared from CSSM as removed, and announces it', async () => {
    const account = lab.cssm.state.account('cloud', DOMAIN)!;
    const ordered = account.virtualAccounts.get('va-hcs-ordered')!;
    account.virtualAccounts.delete('va-hcs-ordered');
    account.vaList.splice(account.vaList.indexOf(ordered), 1);

    const { jobId } = await lab.commands.request(SyncCommands.syncSmartAccount, { smartAccountId });
    expect((await lab.job(jobId)).counts).toMatchObject({ virtualAccounts: 1, virtualAccountsRemoved: 1, subscriptionsRemoved: 1 });
    const removed = await outbox(lab, SyncEvents.virtualAccountRemoved.subject);
    expect(removed.map((e) => e.data.name)).toEqual(['va-hcs-ordered']);
    expect((await outbox(lab, SyncEvents.subscriptionRemoved.subject)).map((e) => e.data.subscriptionId)).toEqual(['Sub-3']);
    expect((await lab.commands.request(SyncCommands.listVirtualAccounts, { smartAccountId })).items.map((v) => v.name)).toEqual(['va-hcs-operational']);
    const all = await lab.commands.request(SyncCommands.listVirtualAccounts, { smartAccountId, includeRemoved: true });
    expect(all.items.find((v) => v.name === 'va-hcs-ordered')).toMatchObject({ removed: true });
    expect((await lab.commands.request(SyncCommands.getSmartAccount, { id: smartAccountId })).virtualAccounts).toBe(1);
  });

  it('a failed sync keeps the last good copy and records the CSSM code on the job and the summary', async () => {
    lab.cssm.faults.add({ route: 'cssm.licenses', kind: 'malformed' });
    try {
      const { jobId } = await lab.commands.request(SyncCommands.syncSmartAccount, { smartAccountId });
      expect(await lab.job(jobId)).toMatchObject({ status: 'Failed', errorCode: 'CSSM1012', statusInfo: 'CSSM1012: CSSM client unable to parse the response' });
    } finally {
      lab.cssm.faults.clear();
    }
    const summary = await lab.commands.request(SyncCommands.getSmartAccount, { id: smartAccountId });
    expect(summary.lastSyncStatus).toBe('Failed');
    expect(summary.alerts[0]).toMatch(/^Last sync failed: CSSM1012/);
    const vas = await lab.commands.request(SyncCommands.listVirtualAccounts, { smartAccountId });
    expect(vas.total).toBe(1);
    expect((await lab.commands.request(SyncCommands.listLicenses, { id: vas.items[0]!.id })).items).toHaveLength(3);
  });

  it('runs the scheduled sync when the account interval elapses', async () => {
    const updated = await lab.commands.request(SyncCommands.updateSmartAccount, { id: smartAccountId, config: { ...lab.directConfig({ syncIntervalSeconds: 1 }), clientSecret: undefined } });
    await lab.job(updated.jobId);
    const scheduled = await eventually(
      async () => (await lab.commands.request(SyncCommands.listSyncJobs, { smartAccountId })).items.find((j) => j.trigger === 'schedule' && j.status === 'Succeeded'),
      { what: 'a scheduled sync job', timeoutMs: 10_000 },
    );
    expect(scheduled.description).toContain('schedule');
  });
});
