import type { DataSource } from 'typeorm';

/**
 * Creates the schema (TypeORM 1.x does not) and runs pending migrations under a Postgres advisory lock, so
 * replicas starting together, or a Helm pre-upgrade Job racing a pod, apply each migration once.
 */
export const runServiceMigrations = async (dataSource: DataSource, schema: string): Promise<string[]> => {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema exists; a service role that
    // only owns its schema (compose, Helm) has none, so create it only when it is missing.
    const existing = (await runner.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])) as unknown[];
    if (existing.length === 0) await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`${schema}.migrations`]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`${schema}.migrations`]);
    }
  } finally {
    await runner.release();
  }
};

/**
 * Reverts the last applied migration (its `down`) under the same advisory lock, in one transaction; answers its name,
 * or undefined when none is applied.
 */
export const revertLastMigration = async (dataSource: DataSource, schema: string): Promise<string | undefined> => {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`${schema}.migrations`]);
    try {
      // TypeORM reverts the migration recorded last (highest id) and does not say which.
      const applied = await lastApplied(dataSource, schema);
      if (applied === undefined) return undefined;
      await dataSource.undoLastMigration({ transaction: 'each' });
      return applied;
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`${schema}.migrations`]);
    }
  } finally {
    await runner.release();
  }
};

const lastApplied = async (dataSource: DataSource, schema: string): Promise<string | undefined> => {
  const table = (await dataSource.query('SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2', [schema, 'migrations'])) as unknown[];
  if (table.length === 0) return undefined;
  const rows = (await dataSource.query(`SELECT name FROM "${schema}".migrations ORDER BY id DESC LIMIT 1`)) as { name: string }[];
  return rows[0]?.name;
};
