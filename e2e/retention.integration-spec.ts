import { randomUUID } from 'node:crypto';
import { loadConfig } from '#libs/config';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';
import { registrationConfigSchema } from '../services/registration/src/config/registration.config.js';
import { startServices, stopServices } from './support/start-services.js';

/** Retention as deployed: each service's periodic task prunes its expired rows while it runs. */
describe('retention of running services', () => {
  let env: TestEnvironment;
  let services: Awaited<ReturnType<typeof startServices>>;

  beforeAll(async () => {
    env = await createTestEnvironment('retention');
    services = await startServices(env, ['registration', 'gateway', 'reporting'], {
      REPORTING_DELIVERY_TICK_MS: '0',
      RETENTION_INTERVAL: '200ms',
      RETENTION_BATCH_SIZE: '2',
      OUTBOX_RETENTION: '1h',
      JOB_HISTORY_RETENTION: '30d',
      AUDIT_LOG_RETENTION: '365d',
    });
  });

  afterAll(async () => {
    await stopServices(services ?? {});
    await env?.cleanup();
  });

  it('refuses an outbox or inbox window not longer than the streams\' duplicate window, naming the setting', () => {
    expect(() => loadConfig(registrationConfigSchema, { OUTBOX_RETENTION: '5m', INBOX_RETENTION: '10m' })).toThrow(
      /- OUTBOX_RETENTION: must be longer than JetStream's duplicate window \(600000 ms\), received "5m"[\s\S]*- INBOX_RETENTION: must be longer than JetStream's duplicate window/,
    );
    expect(loadConfig(registrationConfigSchema, {})).toMatchObject({ OUTBOX_RETENTION: 7 * 86_400_000, INBOX_RETENTION: 7 * 86_400_000, JOB_HISTORY_RETENTION: 90 * 86_400_000 });
  });

  it('registration prunes finished jobs past JOB_HISTORY_RETENTION but each cluster\'s latest, and old published outbox rows', async () => {
    const ds = services.registration.dataSource;
    const job = async (clusterId: string, daysAgo: number, status: 'Succeeded' | 'Failed' | 'In Progress', db: Pick<typeof ds, 'query'> = ds): Promise<string> => {
      const id = randomUUID();
      await db.query(
        `INSERT INTO job (id, job_type, entity_id, entity_name, params, status, step, description, initiated_at, completed_at)
         VALUES ($1, 'Assign Cluster', $2, $2, '{}', $3, 'done', 'retention test', now() - $4 * interval '1 day',
                 CASE WHEN $3 = 'In Progress' THEN NULL ELSE now() - $4 * interval '1 day' END)`,
        [id, clusterId, status, daysAgo],
      );
      return id;
    };
    const expired = [await job('cl-a', 40, 'Succeeded'), await job('cl-a', 35, 'Failed'), await job('cl-b', 60, 'Succeeded')];
    // The job and the registration naming it as the cluster's latest commit together (the task prunes every 200 ms).
    const latestOfA = await ds.transaction(async (m) => {
      const id = await job('cl-a', 31, 'Succeeded', m);
      await m.query(`INSERT INTO cluster_registration (cluster_id, status, last_job_id) VALUES ('cl-a', 'Manually Registered', $1)`, [id]);
      return id;
    });
    const recent = await job('cl-b', 2, 'Succeeded');
    const stillRunning = await job('cl-c', 45, 'In Progress');
    const oldEvent = randomUUID();
    await ds.query(`INSERT INTO outbox (id, subject, payload, created_at, published_at) VALUES ($1, 'x', '{}', now() - interval '3 hours', now() - interval '3 hours')`, [oldEvent]);

    await eventually(async () => (await ds.query('SELECT count(*)::int AS n FROM job WHERE id = ANY($1)', [expired]))[0].n === 0, { what: 'expired jobs pruned' });
    await eventually(async () => (await ds.query('SELECT count(*)::int AS n FROM outbox WHERE id = $1', [oldEvent]))[0].n === 0, { what: 'old outbox row pruned' });
    const kept: { id: string }[] = await ds.query('SELECT id FROM job WHERE id = ANY($1)', [[latestOfA, recent, stillRunning]]);
    expect(kept.map((r) => r.id).sort()).toEqual([latestOfA, recent, stillRunning].sort());
  });

  it('gateway prunes audit log entries past AUDIT_LOG_RETENTION', async () => {
    const ds = services.gateway.dataSource;
    const insert = (daysAgo: number, path: string) =>
      ds.query(`INSERT INTO audit_log (at, actor, roles, method, path, status) VALUES (now() - $1 * interval '1 day', 'alice', '{operator}', 'POST', $2, 202)`, [daysAgo, path]);
    for (let i = 0; i < 5; i++) await insert(400, `/api/v1/old-${i}`);
    await insert(300, '/api/v1/recent');
    await eventually(async () => (await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE path LIKE '/api/v1/old-%'`))[0].n === 0, { what: 'old audit entries pruned' });
    expect(await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE path = '/api/v1/recent'`)).toEqual([{ n: 1 }]);
  });

  it('reporting prunes finished jobs of the unified jobs view past JOB_HISTORY_RETENTION, never one still running', async () => {
    const ds = services.reporting.dataSource;
    const insert = (id: string, status: string, daysAgo: number) =>
      ds.query(
        `INSERT INTO job (id, service, job, status, entity_type, initiated_at, source_occurred_at) VALUES ($1, 'registration', '{}', $2, 'Cluster', now() - $3 * interval '1 day', now())`,
        [id, status, daysAgo],
      );
    await insert('old-succeeded', 'Succeeded', 40);
    await insert('old-failed', 'Failed', 45);
    await insert('old-running', 'In Progress', 45);
    await insert('recent', 'Succeeded', 3);
    await eventually(async () => (await ds.query(`SELECT count(*)::int AS n FROM job WHERE id LIKE 'old-%' AND status <> 'In Progress'`))[0].n === 0, { what: 'old finished jobs pruned' });
    expect(await ds.query('SELECT id FROM job ORDER BY id')).toEqual([{ id: 'old-running' }, { id: 'recent' }]);
  });
});
