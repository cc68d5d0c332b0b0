import type { DataSource } from 'typeorm';
import { createServiceDataSource, revertLastMigration, runServiceMigrations } from '#libs/persistence';
import { migrateService, revertServiceMigration, type ServiceDefinition } from '#libs/service-kit';
import { createTestEnvironment, type TestEnvironment } from '#libs/testing';
import { appAdapterService } from '../services/app-adapter/src/app-adapter.service-definition.js';
import { gatewayService } from '../services/gateway/src/gateway.service-definition.js';
import { licenseModeService } from '../services/license-mode/src/license-mode.service-definition.js';
import { registrationService } from '../services/registration/src/registration.service-definition.js';
import { reportingService } from '../services/reporting/src/reporting.service-definition.js';
import { syncService } from '../services/sync/src/sync.service-definition.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const SERVICES: ServiceDefinition<any>[] = [appAdapterService, gatewayService, licenseModeService, registrationService, reportingService, syncService];

/**
 * What a schema holds, in a form two schemas can be compared by: tables and their columns (not their positions, which
 * a dropped column leaves a gap in), constraints, indexes, sequences, views, functions, types and triggers.
 */
const schemaSnapshot = async (ds: DataSource, schema: string) => {
  const q = async (sql: string) => ((await ds.query(sql, [schema])) as Record<string, unknown>[]).map((r) => Object.values(r).join(' | '));
  return {
    columns: await q(`SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length, numeric_precision
                      FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, column_name`),
    constraints: await q(`SELECT t.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
                          WHERE c.connamespace = $1::regnamespace ORDER BY 1, 2`),
    indexes: await q('SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname'),
    sequences: await q('SELECT sequence_name, data_type FROM information_schema.sequences WHERE sequence_schema = $1 ORDER BY 1'),
    views: await q('SELECT viewname, definition FROM pg_views WHERE schemaname = $1 ORDER BY 1'),
    functions: await q(`SELECT proname, pg_get_function_identity_arguments(oid) FROM pg_proc WHERE pronamespace = $1::regnamespace ORDER BY 1, 2`),
    types: await q(`SELECT typname, typtype FROM pg_type WHERE typnamespace = $1::regnamespace AND typrelid = 0 AND typelem = 0 ORDER BY 1`),
    triggers: await q(`SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                       WHERE c.relnamespace = $1::regnamespace AND NOT t.tgisinternal ORDER BY 1, 2`),
  };
};
type Snapshot = Awaited<ReturnType<typeof schemaSnapshot>>;

/** Every service's migrations: each `down` undoes its `up` exactly, down to an empty schema, and they apply again. */
describe('migrations are reversible', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment('migrev');
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  it.each(SERVICES.map((s) => [s.name, s] as const))('%s: up, reverted one by one to nothing, and up again one by one, each level the same schema', async (_name, service) => {
    const { schema, migrations } = service;
    const open = async (count: number) => {
      const ds = createServiceDataSource({ url: env.databaseUrl, schema, migrations: migrations.slice(0, count), poolSize: 2 });
      await ds.initialize();
      return ds;
    };
    const all = await open(migrations.length);
    try {
      const applied = await runServiceMigrations(all, schema);
      expect(applied).toHaveLength(migrations.length);
      // After reverting down to `level` migrations: reverted[level].
      const reverted: Snapshot[] = [];
      reverted[migrations.length] = await schemaSnapshot(all, schema);
      for (let level = migrations.length - 1; level >= 0; level--) {
        expect(await revertLastMigration(all, schema)).toBe(applied[level]);
        reverted[level] = await schemaSnapshot(all, schema);
      }
      expect(await revertLastMigration(all, schema)).toBeUndefined();
      // Nothing left behind but TypeORM's record of migrations.
      expect(reverted[0]!.columns.every((c) => c.startsWith('migrations |'))).toBe(true);
      expect(reverted[0]!.indexes).toEqual([expect.stringMatching(/^PK_\w+ \| .* ON \w+\.migrations /)]);
      expect({ ...reverted[0]!, columns: [], constraints: [], indexes: [], sequences: [] }).toEqual({ columns: [], constraints: [], indexes: [], sequences: [], views: [], functions: [], types: [], triggers: [] });

      for (let level = 1; level <= migrations.length; level++) {
        const ds = await open(level);
        try {
          expect(await runServiceMigrations(ds, schema)).toEqual([applied[level - 1]]);
          expect(await schemaSnapshot(ds, schema)).toEqual(reverted[level]);
        } finally {
          await ds.destroy();
        }
      }
    } finally {
      await all.destroy();
    }
  });

  it('the migrate:revert entry point reverts the last migration of a service, one per call', async () => {
    const serviceEnv = { ...env.env, AUTH_MODE: 'local', AUTH_LOCAL_SECRET: 'migrations-reversible-spec-secret-0123456789' };
    const definition = { ...gatewayService, schema: 'gateway_revert' };
    expect(await migrateService(definition, { env: serviceEnv })).toEqual(gatewayService.migrations.map((m) => m.name));
    expect(await revertServiceMigration(definition, { env: serviceEnv })).toBe(gatewayService.migrations.at(-1)!.name);
    expect(await migrateService(definition, { env: serviceEnv })).toEqual([gatewayService.migrations.at(-1)!.name]);
  });
});
