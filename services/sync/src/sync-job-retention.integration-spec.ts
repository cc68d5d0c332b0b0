import { SyncCommands } from '#libs/contracts';
import { eventually } from '#libs/testing';
import { startSyncLab, type SyncLab } from './__tests__/fixtures/sync-lab.fixture.js';

/** JOB_HISTORY_RETENTION in sync: old finished sync jobs go, each smart account's latest stays (its page shows it). */
describe('retention of the sync job history', () => {
  let lab: SyncLab;

  beforeAll(async () => {
    lab = await startSyncLab('syncretention', { env: { RETENTION_INTERVAL: '200ms', JOB_HISTORY_RETENTION: '30d' } });
  });

  afterAll(async () => {
    await lab?.close();
  });

  it('prunes finished sync jobs past the window but the latest of each smart account', async () => {
    const created = await lab.commands.request(SyncCommands.createSmartAccount, lab.directConfig());
    await lab.job(created.jobId);
    const smartAccountId = created.smartAccount.id;
    const ds = lab.sync.dataSource;
    // The account's whole history made old: the latest of them must stay all the same.
    await ds.query(`UPDATE sync_job SET initiated_at = now() - interval '40 days', completed_at = now() - interval '40 days' WHERE id = $1`, [created.jobId]);
    const insert = (id: string, daysAgo: number) =>
      ds.query(
        `INSERT INTO sync_job (id, smart_account_id, entity_name, trigger, status, description, initiated_at, completed_at)
         VALUES ($1, $2, 'hcs-sp.example.com', 'scheduled', 'Succeeded', 'retention test', now() - $3 * interval '1 day', now() - $3 * interval '1 day')`,
        [id, smartAccountId, daysAgo],
      );
    const oldest = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
    await insert(oldest[0]!, 90);
    await insert(oldest[1]!, 60);

    await eventually(async () => (await ds.query('SELECT count(*)::int AS n FROM sync_job WHERE id = ANY($1)', [oldest]))[0].n === 0, { what: 'old sync jobs pruned' });
    expect(await ds.query('SELECT id FROM sync_job WHERE smart_account_id = $1', [smartAccountId])).toEqual([{ id: created.jobId }]);
  });
});
