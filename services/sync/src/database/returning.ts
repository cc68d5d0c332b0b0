/**
 * The rows of a `... RETURNING` query run through TypeORM: Postgres UPDATE/DELETE come back as `[rows, affected]`,
 * INSERT as the rows.
 */
export const returning = <T>(result: unknown): T[] => {
  const r = result as unknown[];
  return Array.isArray(r[0]) && r.length === 2 && typeof r[1] === 'number' ? (r[0] as T[]) : (r as T[]);
};
