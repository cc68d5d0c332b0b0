import type { DataSource } from 'typeorm';
import { createTestEnvironment, type TestEnvironment } from '#libs/testing';
import { queryReturning } from '../query-runner.js';
import { createServiceDataSource } from '../service-data-source.js';

describe('queryReturning', () => {
  let env: TestEnvironment;
  let ds: DataSource;

  beforeAll(async () => {
    env = await createTestEnvironment('returning');
    ds = createServiceDataSource({ url: env.databaseUrl, schema: 'returning_spec', poolSize: 2 });
    await ds.initialize();
    await ds.query('CREATE SCHEMA IF NOT EXISTS returning_spec');
    await ds.query('CREATE TABLE returning_spec.item (id text PRIMARY KEY, n int NOT NULL)');
  });

  afterAll(async () => {
    await ds?.destroy();
    await env?.cleanup();
  });

  it('answers the rows of INSERT, UPDATE, DELETE ... RETURNING and SELECT alike', async () => {
    expect(await queryReturning(ds, `INSERT INTO item (id, n) VALUES ('a', 1), ('b', 2) RETURNING id`)).toEqual([{ id: 'a' }, { id: 'b' }]);
    // TypeORM's own query() answers this UPDATE as [rows, 2].
    expect(await ds.query('UPDATE item SET n = n + 1 RETURNING id')).toEqual([expect.any(Array), 2]);
    expect(await queryReturning(ds, 'UPDATE item SET n = n + 1 WHERE id = $1 RETURNING id, n', ['a'])).toEqual([{ id: 'a', n: 3 }]);
    expect(await queryReturning(ds.manager, 'UPDATE item SET n = n + 1 WHERE id = $1 RETURNING id', ['none'])).toEqual([]);
    expect(await queryReturning(ds, 'DELETE FROM item WHERE id = $1 RETURNING id', ['b'])).toEqual([{ id: 'b' }]);
    expect(await queryReturning(ds, 'SELECT id, n FROM item')).toEqual([{ id: 'a', n: 3 }]);
  });

  it("runs in the caller's transaction: rolled back with it", async () => {
    await expect(
      ds.transaction(async (m) => {
        expect(await queryReturning(m, 'UPDATE item SET n = 100 WHERE id = $1 RETURNING n', ['a'])).toEqual([{ n: 100 }]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await ds.query(`SELECT n FROM item WHERE id = 'a'`)).toEqual([{ n: 3 }]);
  });

  it('gives the borrowed connection back, after a failing statement too (more calls than the pool holds)', async () => {
    const failing = Array.from({ length: 5 }, () => queryReturning(ds, 'UPDATE no_such_table SET n = 1 RETURNING n').catch((e: { code?: string }) => e.code));
    expect(await Promise.all(failing)).toEqual(Array(5).fill('42P01'));
    const calls = Array.from({ length: 7 }, () => queryReturning(ds, 'UPDATE item SET n = n + 1 WHERE id = $1 RETURNING id', ['a']));
    expect((await Promise.all(calls)).flat()).toHaveLength(7);
    expect(await ds.query(`SELECT n FROM item WHERE id = 'a'`)).toEqual([{ n: 10 }]);
  });
});
