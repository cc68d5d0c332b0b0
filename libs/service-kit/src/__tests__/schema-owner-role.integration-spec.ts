import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { baseServiceConfigSchema } from '#libs/config';
import { MessagingTables1764300000000 } from '#libs/persistence';
import { createTestEnvironment, type TestEnvironment } from '#libs/testing';
import { migrateService, type ServiceDefinition } from '../bootstrap-service.js';

/**
 * compose and Helm connect each service as a role that owns only its schema and has no CREATE on the database
 * (deploy/postgres/init). Migrations must still run there, and that role must not reach another schema.
 */
describe('a service connecting as the role that owns only its schema', () => {
  let env: TestEnvironment;
  let admin: pg.Client;
  const role = `smartlic_t_${randomBytes(4).toString('hex')}`;
  const definition: ServiceDefinition = { name: 'probe', schema: 'probe', configSchema: baseServiceConfigSchema, imports: [], migrations: [MessagingTables1764300000000] };

  beforeAll(async () => {
    env = await createTestEnvironment('schemarole');
    admin = new pg.Client({ connectionString: env.databaseUrl });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'probe-password'`);
    await admin.query(`CREATE SCHEMA probe AUTHORIZATION ${role}`);
    await admin.query('CREATE SCHEMA other');
  });

  afterAll(async () => {
    await admin?.end();
    await env?.cleanup();
    const root = new pg.Client({ connectionString: env.databaseUrl.replace(/\/[^/]*$/, '/postgres') });
    await root.connect();
    await root.query(`DROP ROLE IF EXISTS ${role}`).finally(() => root.end());
  });

  const roleUrl = () => {
    const url = new URL(env.databaseUrl);
    url.username = role;
    url.password = 'probe-password';
    return url.toString();
  };

  it('applies its migrations, twice without error', async () => {
    expect(await migrateService(definition, { env: { DATABASE_URL: roleUrl() } })).toEqual(['MessagingTables1764300000000']);
    expect(await migrateService(definition, { env: { DATABASE_URL: roleUrl() } })).toEqual([]);
    const { rows } = await admin.query("SELECT tableowner FROM pg_tables WHERE schemaname = 'probe' AND tablename = 'outbox'");
    expect(rows).toEqual([{ tableowner: role }]);
  });

  it('cannot create tables in a schema it does not own', async () => {
    const client = new pg.Client({ connectionString: roleUrl() });
    await client.connect();
    try {
      await expect(client.query('CREATE TABLE other.intruder (id int)')).rejects.toThrow(/permission denied for schema other/);
    } finally {
      await client.end();
    }
  });
});
