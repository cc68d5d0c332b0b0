import type { DataSource } from 'typeorm';
import { createTestEnvironment, type TestEnvironment } from '#libs/testing';
import { prepared, queryPrepared } from '../prepared-statement.js';
import { createServiceDataSource } from '../service-data-source.js';

const INSERT = prepared('prepared-spec.insert', 'INSERT INTO item (id, n) VALUES ($1, $2)');
const BUMP = prepared('prepared-spec.bump', 'UPDATE item SET n = n + 1 WHERE id = $1 RETURNING id, n');
const PREPARED_HERE = prepared('prepared-spec.prepared-here', 'SELECT name FROM pg_prepared_statements WHERE name = $1');

describe('prepared statements', () => {
  let env: TestEnvironment;
  let ds: DataSource;

  beforeAll(async () => {
    env = await createTestEnvironment('prepared');
    ds = createServiceDataSource({ url: env.databaseUrl, schema: 'prepared_spec', poolSize: 2 });
    await ds.initialize();
    await ds.query('CREATE SCHEMA IF NOT EXISTS prepared_spec');
    await ds.query('CREATE TABLE prepared_spec.item (id text PRIMARY KEY, n int NOT NULL)');
  });

  afterAll(async () => {
    await ds?.destroy();
    await env?.cleanup();
  });

  it('runs in the caller transaction: rolled back with it, and prepared on its connection', async () => {
    await expect(
      ds.transaction(async (m) => {
        await queryPrepared(m, INSERT, ['rolled-back', 1]);
        expect(await queryPrepared(m, PREPARED_HERE, ['prepared-spec.insert'])).toEqual([{ name: 'prepared-spec.insert' }]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await ds.query(`SELECT count(*)::int AS n FROM item WHERE id = 'rolled-back'`)).toEqual([{ n: 0 }]);
  });

  it('runs on a pooled connection outside a transaction, and returns the rows of UPDATE ... RETURNING', async () => {
    await queryPrepared(ds, INSERT, ['a', 1]);
    // Several executions: the same statement on whichever pooled connection runs it.
    for (let i = 0; i < 6; i++) await queryPrepared(ds.manager, BUMP, ['a']);
    expect(await queryPrepared(ds, BUMP, ['a'])).toEqual([{ id: 'a', n: 8 }]);
    expect(await queryPrepared(ds, BUMP, ['missing'])).toEqual([]);
  });

  it('refuses one name for two texts (a connection keeps one text per name)', () => {
    expect(() => prepared('prepared-spec.insert', 'INSERT INTO item (id) VALUES ($1)')).toThrow(/defined twice/);
    expect(prepared('prepared-spec.insert', 'INSERT INTO item (id, n) VALUES ($1, $2)').name).toBe('prepared-spec.insert');
  });

  it('reports a failing statement with the Postgres error code', async () => {
    await expect(queryPrepared(ds, INSERT, ['a', 1])).rejects.toMatchObject({ code: '23505' });
  });
});
