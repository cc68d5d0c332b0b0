import type { PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { withQueryRunner } from './query-runner.js';

/**
 * A statement run as a Postgres named prepared statement: each connection parses, analyses and plans it once, not on
 * every execution (a third of Postgres' CPU for the short statements run per cluster job and per message). For hot
 * statements only; everything else goes through TypeORM's `query()`. Name the columns a statement returns: once a
 * migration (of a newer replica, in a rolling upgrade) adds a column, a prepared `SELECT *` or `RETURNING *` fails
 * with "cached plan must not change result type".
 */
export interface PreparedStatement {
  /** Unique in the process: a connection keeps one text per name. */
  readonly name: string;
  readonly text: string;
}

const names = new Map<string, string>();

export const prepared = (name: string, text: string): PreparedStatement => {
  const known = names.get(name);
  if (known !== undefined && known !== text) throw new Error(`prepared statement ${name} is defined twice with different texts`);
  names.set(name, text);
  return { name, text };
};

/**
 * Runs a prepared statement in the caller's transaction (an EntityManager of `dataSource.transaction`) or on a pooled
 * connection (a DataSource, or its non-transactional manager), and returns its rows: also those of UPDATE/DELETE
 * ... RETURNING, which TypeORM's `query()` would return as `[rows, count]`.
 */
export const queryPrepared = async <R = Record<string, unknown>>(runner: DataSource | EntityManager, statement: PreparedStatement, values: unknown[]): Promise<R[]> =>
  withQueryRunner(runner, async (queryRunner) => {
    // QueryRunner.connect() answers the driver's connection (a pg client): TypeORM's query() takes no statement name.
    const client = (await queryRunner.connect()) as PoolClient;
    return (await client.query({ name: statement.name, text: statement.text, values })).rows as R[];
  });
