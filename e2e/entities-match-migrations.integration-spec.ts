import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { createServiceDataSource, runServiceMigrations } from '#libs/persistence';
import type { ServiceDefinition } from '#libs/service-kit';
import { createTestEnvironment, type TestEnvironment } from '#libs/testing';
import { appAdapterService } from '../services/app-adapter/src/app-adapter.service-definition.js';
import { gatewayService } from '../services/gateway/src/gateway.service-definition.js';
import { licenseModeService } from '../services/license-mode/src/license-mode.service-definition.js';
import { registrationService } from '../services/registration/src/registration.service-definition.js';
import { reportingService } from '../services/reporting/src/reporting.service-definition.js';
import { syncService } from '../services/sync/src/sync.service-definition.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const SERVICES: ServiceDefinition<any>[] = [appAdapterService, gatewayService, licenseModeService, registrationService, reportingService, syncService];

/** audit_log as an entity that disagrees with its migration: one column misnamed, one mistyped, one nullable. */
@Entity({ name: 'audit_log' })
@Index('audit_log_at', { synchronize: false })
class DriftedAuditLogEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @Column({ type: 'text', nullable: true })
  actor!: string | null;

  @Column({ type: 'text', array: true })
  roles!: string[];

  @Column({ type: 'text' })
  method!: string;

  @Column({ type: 'text' })
  path!: string;

  @Column({ type: 'bigint' })
  status!: string;

  @Column({ name: 'trace', type: 'text', nullable: true })
  traceId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  detail!: Record<string, unknown> | null;
}

/**
 * A service's entity classes are the one definition of their rows, and its migrations create the tables: TypeORM's
 * schema builder, asked what it would change to make the migrated schema fit the entities, must find nothing.
 */
describe('the entities match the tables the migrations create', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment('entities');
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  it('every table of every service has its entity', async () => {
    for (const service of SERVICES) {
      const ds = createServiceDataSource({ url: env.databaseUrl, schema: service.schema, migrations: service.migrations, entities: service.entities, poolSize: 2 });
      await ds.initialize();
      try {
        await runServiceMigrations(ds, service.schema);
        const tables: { name: string }[] = await ds.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY 1`, [service.schema]);
        const mapped = ds.entityMetadatas.map((m) => m.tableName).sort();
        expect({ service: service.name, tables: tables.map((t) => t.name) }).toEqual({ service: service.name, tables: mapped });
      } finally {
        await ds.destroy();
      }
    }
  });

  it.each(SERVICES.map((s) => [s.name, s] as const))('%s', async (_name, service) => {
    const ds = createServiceDataSource({ url: env.databaseUrl, schema: service.schema, migrations: service.migrations, entities: service.entities, poolSize: 2 });
    await ds.initialize();
    try {
      await runServiceMigrations(ds, service.schema);
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });

  it('fails when an entity and its migration disagree on a column name, type or nullability', async () => {
    const ds = createServiceDataSource({ url: env.databaseUrl, schema: 'drifted', migrations: gatewayService.migrations, entities: [DriftedAuditLogEntry], poolSize: 2 });
    await ds.initialize();
    try {
      await runServiceMigrations(ds, 'drifted');
      const pending = (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query).join('\n');
      expect(pending).toContain('"trace"');
      expect(pending).toMatch(/"status".*bigint/);
      expect(pending).toContain('ALTER COLUMN "actor" DROP NOT NULL');
    } finally {
      await ds.destroy();
    }
  });
});
