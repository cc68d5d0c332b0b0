import type { DataSource } from 'typeorm';
import { createTestEnvironment, type TestEnvironment } from '#libs/testing';
import { selectAs } from '../entity-columns.js';
import { MessagingTables1764300000000 } from '../messaging-tables.migration.js';
import { runServiceMigrations } from '../migration-runner.js';
import { OutboxMessage } from '../outbox-message.entity.js';
import { queryReturning } from '../query-runner.js';
import { createServiceDataSource } from '../service-data-source.js';

describe('hand SQL typed by the entity', () => {
  let env: TestEnvironment;
  let ds: DataSource;

  beforeAll(async () => {
    env = await createTestEnvironment('columns');
    ds = createServiceDataSource({ url: env.databaseUrl, schema: 'columns_spec', migrations: [MessagingTables1764300000000], poolSize: 2 });
    await ds.initialize();
    await runServiceMigrations(ds, 'columns_spec');
  });

  afterAll(async () => {
    await ds?.destroy();
    await env?.cleanup();
  });

  it('answers the same row as TypeORM reading the entity', async () => {
    const id = '6f1c1c1e-0d4b-4a55-9a38-0e8f0b0c0a01';
    await ds.query(`INSERT INTO outbox (id, subject, payload) VALUES ($1, 's.a', '{"a":1}')`, [id]);
    const [hand] = await queryReturning<OutboxMessage>(ds, `UPDATE outbox SET attempts = attempts + 1 WHERE id = $1 RETURNING ${selectAs(OutboxMessage)}`, [id]);
    const viaTypeorm = await ds.getRepository(OutboxMessage).findOneByOrFail({ id });
    expect(hand).toEqual({ ...viaTypeorm });
    expect(hand).toMatchObject({ id, subject: 's.a', payload: { a: 1 }, headers: {}, attempts: 1, publishedAt: null, lastError: null });
    expect(hand?.createdAt).toBeInstanceOf(Date);
  });
});
