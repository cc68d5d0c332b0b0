import { getMetadataArgsStorage } from 'typeorm';

/** An entity class: the one definition of a table's row. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EntityClass<E> = abstract new (...args: any[]) => E;

/** A property of an entity that is a column (not a method). */
export type ColumnProperty<E> = Extract<keyof E, string>;

/** Columns read through an outer join: null when the joined table has no matching row, whatever the column's own nullability. */
export type OuterJoined<T> = { [K in keyof T]: T[K] | null };

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const quote = (name: string): string => (IDENTIFIER.test(name) ? name : `"${name.replace(/"/g, '""')}"`);

// Read from the decorators' metadata, not a DataSource's: statements are built once at module load (prepared
// statements are named constants), before any DataSource is initialised.
const cache = new WeakMap<object, ReadonlyMap<string, string>>();
const sqlTypes = new WeakMap<object, ReadonlyMap<string, string>>();

/** Property name → column name of every column of `entity`, inherited ones included, in declaration order. */
export const columnsOf = <E>(entity: EntityClass<E>): ReadonlyMap<ColumnProperty<E>, string> => {
  const known = cache.get(entity);
  if (known) return known as ReadonlyMap<ColumnProperty<E>, string>;
  const columns = new Map<string, string>();
  for (const column of getMetadataArgsStorage().filterColumns(entity)) {
    // TypeORM's default naming strategy names an unnamed column after its property.
    columns.set(column.propertyName, column.options.name ?? column.propertyName);
  }
  if (columns.size === 0) throw new Error(`${entity.name} is not an entity: it declares no @Column`);
  cache.set(entity, columns);
  return columns as unknown as ReadonlyMap<ColumnProperty<E>, string>;
};

/** The column of one property: `columnOf(ClusterRegistration, 'clusterId')` → `cluster_id`. */
export const columnOf = <E>(entity: EntityClass<E>, property: ColumnProperty<E>): string => {
  const column = columnsOf(entity).get(property);
  if (column === undefined) throw new Error(`${entity.name}.${property} is not a column`);
  return column;
};

const pick = <E>(entity: EntityClass<E>, properties?: readonly ColumnProperty<E>[]): [string, string][] => {
  const all = columnsOf(entity);
  return properties ? properties.map((p) => [p, columnOf(entity, p)]) : [...all.entries()];
};

/**
 * The select list of hand-written SQL, typed by the entity: each column aliased to its property, so the rows are
 * `Pick<E, K>` (or `E`) as they come from pg, with no mapping. `selectAs(Job, ['id', 'clusterId'], 'j')` →
 * `j.id, j.cluster_id AS "clusterId"`. Without `properties`, every column of the entity.
 */
export const selectAs = <E>(entity: EntityClass<E>, properties?: readonly ColumnProperty<E>[], alias?: string): string => {
  const prefix = alias ? `${quote(alias)}.` : '';
  return pick(entity, properties)
    .map(([property, column]) => (property === column ? `${prefix}${quote(column)}` : `${prefix}${quote(column)} AS "${property}"`))
    .join(', ');
};

/** A column list (INSERT targets, RETURNING, ON CONFLICT): `columnList(Job, ['id', 'clusterId'])` → `id, cluster_id`. */
export const columnList = <E>(entity: EntityClass<E>, properties?: readonly ColumnProperty<E>[]): string =>
  pick(entity, properties)
    .map(([, column]) => quote(column))
    .join(', ');

/** Property name → SQL type (the decorator's `type`, e.g. `text`, `timestamptz`) of every column of `entity`. */
const sqlTypesOf = <E>(entity: EntityClass<E>): ReadonlyMap<string, string> => {
  const known = sqlTypes.get(entity);
  if (known) return known;
  const types = new Map<string, string>();
  for (const column of getMetadataArgsStorage().filterColumns(entity)) {
    if (typeof column.options.type === 'string') types.set(column.propertyName, column.options.type);
  }
  sqlTypes.set(entity, types);
  return types;
};

/**
 * Rows of `Pick<E, K>` sent as one JSON parameter (`JSON.stringify(rows)`: a Date becomes its ISO text) and read
 * back with `jsonb_to_recordset($n) AS <alias>(<definition>)`: `definition` declares each property (the JSON key)
 * with its column's SQL type, `select` reads them in the same order, for an INSERT whose targets are
 * `columnList(E, properties)`. `recordsetOf(Job, ['id', 'jobType'], 'r')` →
 * `{ definition: 'id uuid, "jobType" text', select: 'r.id, r."jobType"' }`. A jsonb property listed in
 * `jsonNullAsNull` is read as SQL NULL when its JSON value is null (jsonb_to_recordset gives a jsonb `null` there).
 */
export const recordsetOf = <E>(
  entity: EntityClass<E>,
  properties: readonly ColumnProperty<E>[],
  alias: string,
  options: { jsonNullAsNull?: readonly ColumnProperty<E>[] } = {},
): { definition: string; select: string } => {
  const types = sqlTypesOf(entity);
  const definition = properties.map((p) => {
    columnOf(entity, p);
    const type = types.get(p);
    if (type === undefined) throw new Error(`${entity.name}.${p} declares no SQL type (@Column({ type: ... }))`);
    return `${quote(p)} ${type}`;
  });
  for (const p of options.jsonNullAsNull ?? []) {
    if (!properties.includes(p) || types.get(p) !== 'jsonb') throw new Error(`${entity.name}.${p}: jsonNullAsNull names a jsonb property of the recordset`);
  }
  const select = properties.map((p) => {
    const value = `${quote(alias)}.${quote(p)}`;
    return options.jsonNullAsNull?.includes(p) ? `CASE WHEN jsonb_typeof(${value}) = 'null' THEN NULL ELSE ${value} END` : value;
  });
  return { definition: definition.join(', '), select: select.join(', ') };
};
