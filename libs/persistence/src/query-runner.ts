import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';

/**
 * Runs `work` on the caller's transaction (an EntityManager of `dataSource.transaction`) or, for a DataSource or its
 * non-transactional manager, on a connection borrowed from the pool for the call: TypeORM's public QueryRunner,
 * never the driver's private pool.
 */
export const withQueryRunner = async <T>(runner: DataSource | EntityManager, work: (queryRunner: QueryRunner) => Promise<T>): Promise<T> => {
  const current = runner instanceof DataSource ? undefined : runner.queryRunner;
  if (current && !current.isReleased) return work(current);
  const borrowed = (runner instanceof DataSource ? runner : runner.connection).createQueryRunner();
  try {
    return await work(borrowed);
  } finally {
    await borrowed.release();
  }
};

/**
 * The rows a statement answers, whatever its command: the one helper for `UPDATE/DELETE ... RETURNING`, which
 * TypeORM's `query()` answers as `[rows, affectedCount]` (INSERT and SELECT as the rows alone).
 */
export const queryReturning = async <R = Record<string, unknown>>(runner: DataSource | EntityManager, sql: string, parameters: unknown[] = []): Promise<R[]> =>
  withQueryRunner(runner, async (queryRunner) => ((await queryRunner.query(sql, parameters, true)).records ?? []) as R[]);
