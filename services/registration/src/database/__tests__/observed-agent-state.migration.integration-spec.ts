import type { DataSource } from 'typeorm';
import { createServiceDataSource, revertLastMigration, runServiceMigrations } from '#libs/persistence';
import { createTestEnvironment, type TestEnvironment } from '#libs/testing';
import { ObservedAgentState1764301200000 } from '../migrations/1764301200000-observed-agent-state.js';
import { registrationMigrations } from '../registration.migrations.js';

// The schema just before and just after this migration (later ones are not its concern).
const at = registrationMigrations.indexOf(ObservedAgentState1764301200000);

/** The live Cluster Summary's migration: clusters already in the inventory get `eligible`, and it reverts cleanly. */
describe('migration ObservedAgentState1764301200000', () => {
  let env: TestEnvironment;
  let before: DataSource;
  let all: DataSource;

  beforeAll(async () => {
    env = await createTestEnvironment('regmig');
    before = createServiceDataSource({ url: env.databaseUrl, schema: 'registration', migrations: registrationMigrations.slice(0, at) });
    all = createServiceDataSource({ url: env.databaseUrl, schema: 'registration', migrations: registrationMigrations.slice(0, at + 1) });
    await before.initialize();
    await all.initialize();
  });
  afterAll(async () => {
    await before?.destroy();
    await all?.destroy();
    await env?.cleanup();
  });

  it('marks the clusters the guide lists (12.5+, Expressway X12.6+ in smart licensing mode), and reverts', async () => {
    await runServiceMigrations(before, 'registration');
    const cluster = (id: string, type: string, version: string, licensing = 'smart') =>
      before.query(
        `INSERT INTO cluster (id, customer_id, name, type, version, licensing, nodes, has_admin_credentials, has_platform_credentials, source_occurred_at)
         VALUES ($1, 'c', $1, $2, $3, $4, '[]', true, true, now())`,
        [id, type, version, licensing],
      );
    await cluster('cucm-14', 'cucm', '14.0.1');
    await cluster('cucm-11', 'cucm', '11.5.1');
    await cluster('exp-x14', 'expressway-e', 'X14.0');
    await cluster('exp-pak', 'expressway-e', 'X14.0', 'pak');
    expect(await runServiceMigrations(all, 'registration')).toEqual(['ObservedAgentState1764301200000']);
    expect(await all.query('SELECT id, eligible FROM cluster ORDER BY id')).toEqual([
      { id: 'cucm-11', eligible: false },
      { id: 'cucm-14', eligible: true },
      { id: 'exp-pak', eligible: false },
      { id: 'exp-x14', eligible: true },
    ]);
    expect(await all.query('SELECT last_run_at IS NOT NULL AS seeded, locked_by FROM status_refresh_schedule')).toEqual([{ seeded: true, locked_by: null }]);

    await revertLastMigration(all, 'registration');
    const tables: { table_name: string }[] = await all.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'registration' AND table_name IN ('cluster_agent_state', 'status_refresh', 'status_refresh_schedule')`,
    );
    expect(tables).toEqual([]);
    expect(await all.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'registration' AND table_name = 'cluster' AND column_name = 'eligible'`)).toEqual([]);
    expect(await runServiceMigrations(all, 'registration')).toEqual(['ObservedAgentState1764301200000']);
  });
});
