/**
 * The rows of `UPDATE/DELETE ... RETURNING` through TypeORM's `query()`: the postgres driver answers those with
 * `[rows, affectedCount]` (INSERT and SELECT with the rows alone).
 */
export const returningRows = <T>(result: unknown): T[] =>
  Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? (result[0] as T[]) : (result as T[]);
