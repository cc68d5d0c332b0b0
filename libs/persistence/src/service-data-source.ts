import { DataSource, type MixedList } from 'typeorm';
import { InboxMessage } from './inbox-message.entity.js';
import { OutboxMessage } from './outbox-message.entity.js';

export interface ServiceDataSourceOptions {
  url: string;
  /** The service's own Postgres schema, e.g. `registration`. */
  schema: string;
  /** The service's entity classes; the outbox and inbox (every service's MessagingTables migration) are added. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: MixedList<Function | string>;
  poolSize?: number;
  applicationName?: string;
}

const SCHEMA_RE = /^[a-z_][a-z0-9_]*$/;

/**
 * One TypeORM DataSource per service, confined to its schema: TypeORM qualifies its own SQL with `schema`, and
 * `search_path` makes hand-written SQL resolve there too (typeorm#6734). Migrations are recorded in
 * `<schema>.migrations`.
 */
export const createServiceDataSource = (options: ServiceDataSourceOptions): DataSource => {
  if (!SCHEMA_RE.test(options.schema)) throw new Error(`Invalid schema name "${options.schema}"`);
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: [OutboxMessage, InboxMessage, ...(options.entities ?? [])],
    migrations: options.migrations ?? [],
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    logging: false,
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? `smartlic-${options.schema}`,
    extra: { options: `-c search_path=${options.schema}` },
  });
};
