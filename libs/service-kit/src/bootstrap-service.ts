import 'reflect-metadata';
import type { INestApplication, Type, DynamicModule, ModuleMetadata } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import { pino, type Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { CommandDefinition, ConsumerDefinition, EventDefinition } from '#libs/contracts';
import { baseServiceConfigSchema, loadConfig, type BaseServiceConfig } from '#libs/config';
import { CommandServer, connectNats, ensureStreams, inboxRetention, JetStreamServer, OutboxRelay, outboxRetention, retryUntilReady, type NatsHandles } from '#libs/messaging';
import { flushTelemetryAndMetrics, initMetrics, initTelemetry, loggerOptions, shutdownTelemetryAndMetrics } from '#libs/observability';
import { createServiceDataSource, ensureDatabase, revertLastMigration, runServiceMigrations, type RetentionRule } from '#libs/persistence';
import { ConsumerLagMonitor } from './consumer-lag.monitor.js';
import { CoreModule } from './core.module.js';
import { httpTracingMiddleware } from './http-tracing.middleware.js';
import { RethrowRpcExceptionFilter } from './rethrow-rpc-exception.filter.js';
import { ManagementModule } from './management.module.js';
import { RetentionTask } from './retention.task.js';
import { validatesCommandReplies } from './reply-validation.js';
import { ShutdownState } from './shutdown.state.js';

export interface ServiceDefinition<S extends z.ZodObject = typeof baseServiceConfigSchema> {
  /** Service name: logs, NATS connection name, queue group. */
  name: string;
  /** The Postgres schema the service owns. */
  schema: string;
  configSchema: S;
  /** The service's feature modules. */
  imports: NonNullable<ModuleMetadata['imports']>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: Function[];
  /** Durable JetStream consumers and the events they carry. */
  consumers?: readonly ConsumerDefinition[];
  events?: readonly EventDefinition[];
  /** Commands the service answers (request/reply); a function when configuration selects them (CAA_APP_TYPES). */
  commands?: readonly CommandDefinition[] | ((config: z.infer<S>) => readonly CommandDefinition[]);
  /** Called on the Nest app before it listens (global pipes, filters). */
  configureHttp?: (app: INestApplication, config: z.infer<S>) => void | Promise<void>;
  /** Rows of the service's own that expire (job history, audit log), pruned with the outbox and inbox. */
  retention?: (config: z.infer<S>) => readonly RetentionRule[];
  /** Called on the management app (MANAGEMENT_PORT, beside /metrics) before it listens, with the API app (OpenAPI docs). */
  configureManagement?: (management: INestApplication, app: INestApplication, config: z.infer<S>) => void | Promise<void>;
}

export interface RunningService<C = BaseServiceConfig> {
  app: INestApplication;
  config: C;
  url: string;
  port: number;
  /** Base URL of the management port (/metrics, API docs). */
  managementUrl: string;
  dataSource: DataSource;
  handles: NatsHandles;
  relay: OutboxRelay;
  logger: Logger;
  /** Graceful stop: readiness off, stop taking messages, finish in-flight work, close connections. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Environment to read instead of process.env (tests run several services in one process). */
  env?: Record<string, string | undefined>;
  /** Host to bind instead of HOST (tests bind loopback). */
  host?: string;
}

// Where a client on this machine reaches a server bound to `host` (all interfaces: loopback).
const urlHost = (host: string): string => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host);

/** Migrations only (the Nx `migrate` target and the Helm pre-upgrade Job). */
export const migrateService = async <S extends z.ZodObject>(definition: ServiceDefinition<S>, options: StartOptions = {}): Promise<string[]> => {
  const config = loadConfig(definition.configSchema, options.env ?? process.env) as BaseServiceConfig;
  await ensureDatabase(config.DATABASE_URL);
  const dataSource = createServiceDataSource({ url: config.DATABASE_URL, schema: definition.schema, migrations: definition.migrations, entities: definition.entities, poolSize: 2 });
  await dataSource.initialize();
  try {
    return await runServiceMigrations(dataSource, definition.schema);
  } finally {
    await dataSource.destroy();
  }
};

/** Reverts the service's last applied migration (the Nx `migrate:revert` target); answers its name, undefined when none. */
export const revertServiceMigration = async <S extends z.ZodObject>(definition: ServiceDefinition<S>, options: StartOptions = {}): Promise<string | undefined> => {
  const config = loadConfig(definition.configSchema, options.env ?? process.env) as BaseServiceConfig;
  const dataSource = createServiceDataSource({ url: config.DATABASE_URL, schema: definition.schema, migrations: definition.migrations, entities: definition.entities, poolSize: 2 });
  await dataSource.initialize();
  try {
    return await revertLastMigration(dataSource, definition.schema);
  } finally {
    await dataSource.destroy();
  }
};

/**
 * Starts a service the same way everywhere: config validated (every bad key listed), telemetry before Nest,
 * database created if missing, migrations under an advisory lock, streams ensured, outbox relay, HTTP
 * (health probes, REST), JetStream consumers and command handlers.
 */
export const startService = async <S extends z.ZodObject>(definition: ServiceDefinition<S>, options: StartOptions = {}): Promise<RunningService<z.infer<S>>> => {
  const environment = options.env ?? process.env;
  const config = loadConfig(definition.configSchema, environment);
  const base = config as unknown as BaseServiceConfig;
  const name = base.SERVICE_NAME ?? definition.name;
  const validateReplies = validatesCommandReplies(environment, base.COMMAND_REPLY_VALIDATION);
  initTelemetry({ serviceName: base.OTEL_SERVICE_NAME ?? name, otlpEndpoint: base.OTEL_EXPORTER_OTLP_ENDPOINT });
  initMetrics({ serviceName: base.OTEL_SERVICE_NAME ?? name, otlpEndpoint: base.OTEL_EXPORTER_OTLP_ENDPOINT, exportIntervalMs: base.OTEL_METRIC_EXPORT_INTERVAL });
  const logger = pino(loggerOptions(name, base.LOG_LEVEL));

  await ensureDatabase(base.DATABASE_URL);
  const dataSource = createServiceDataSource({ url: base.DATABASE_URL, schema: definition.schema, migrations: definition.migrations, entities: definition.entities, poolSize: base.DATABASE_POOL_SIZE });
  await dataSource.initialize();
  const applied = await runServiceMigrations(dataSource, definition.schema);
  if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
  if (!base.COMMAND_REPLY_VALIDATION && validateReplies) logger.warn('COMMAND_REPLY_VALIDATION=false is honoured only with NODE_ENV=production: command replies are checked');

  const handles = await connectNats({ url: base.NATS_URL, name, namespace: base.NATS_NAMESPACE, user: base.NATS_USER, pass: base.NATS_PASSWORD });
  await retryUntilReady('ensure streams', () => ensureStreams(handles.jsm, handles.subjects, undefined, { replicas: base.NATS_STREAM_REPLICAS }), logger);
  const relay = new OutboxRelay(dataSource, handles.nc, handles.subjects, logger.child({ component: 'outbox-relay' }));
  const shutdown = new ShutdownState();

  @Module({ imports: [CoreModule.forRoot({ name, config, logger, dataSource, handles, relay, shutdown, validateReplies }), ...definition.imports] })
  class ServiceRootModule {}

  const app = await NestFactory.create(ServiceRootModule as Type<unknown> | DynamicModule, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(NestPinoLogger));
  app.use(httpTracingMiddleware);
  await definition.configureHttp?.(app, config);

  const commands = typeof definition.commands === 'function' ? definition.commands(config) : (definition.commands ?? []);
  // Microservices inherit the app's global filters; the filter must be there before they connect.
  if (definition.consumers?.length || commands.length) app.useGlobalFilters(new RethrowRpcExceptionFilter(app.get(HttpAdapterHost)));
  if (definition.consumers?.length) {
    app.connectMicroservice<MicroserviceOptions>(
      { strategy: new JetStreamServer({ handles, consumers: definition.consumers, events: definition.events ?? [], logger: logger.child({ component: 'jetstream' }), maxClockSkewMs: base.EVENT_MAX_CLOCK_SKEW_MS }) },
      { inheritAppConfig: true },
    );
  }
  if (commands.length) {
    app.connectMicroservice<MicroserviceOptions>({ strategy: new CommandServer({ handles, queue: name, commands, logger: logger.child({ component: 'commands' }) }) }, { inheritAppConfig: true });
  }
  await app.startAllMicroservices();
  relay.start();
  const consumerLag = new ConsumerLagMonitor(handles, definition.consumers ?? [], logger.child({ component: 'consumer-lag' }));
  consumerLag.start(base.OTEL_METRIC_EXPORT_INTERVAL);
  const retention = new RetentionTask(
    dataSource,
    [outboxRetention(base.OUTBOX_RETENTION), inboxRetention(base.INBOX_RETENTION), ...(definition.retention?.(config) ?? [])],
    { everyMs: base.RETENTION_INTERVAL, batchSize: base.RETENTION_BATCH_SIZE, logger: logger.child({ component: 'retention' }) },
  );
  const host = options.host ?? base.HOST;
  const management = await NestFactory.create(ManagementModule, { logger: false, abortOnError: false });
  await definition.configureManagement?.(management, app, config);
  await management.listen(base.MANAGEMENT_PORT, host);
  await app.listen(base.PORT, host);
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://${urlHost(host)}:${address.port}`;
  const managementUrl = `http://${urlHost(host)}:${(management.getHttpServer().address() as { port: number }).port}`;
  logger.info({ url, managementUrl }, `${name} ready`);

  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      shutdown.shuttingDown = true;
      await consumerLag.stop();
      await retention.stop();
      await app.close();
      await management.close();
      await relay.stop();
      await relay.publishBatch().catch(() => 0);
      await handles.nc.drain().catch(() => undefined);
      await dataSource.destroy();
      // The spans of the last requests and messages, and the last metrics, still in the exporters' buffers.
      if (!(await flushTelemetryAndMetrics())) logger.warn('telemetry not flushed in time: the last spans and metrics are lost');
      logger.info(`${name} stopped`);
    })());
  return { app, config, url, port: address.port, managementUrl, dataSource, handles, relay, logger, close };
};

/**
 * Entry point of a service process: start, stop gracefully on SIGTERM/SIGINT within SHUTDOWN_GRACE_MS, and exit
 * non-zero naming every bad key when the configuration is invalid.
 */
export const runServiceMain = async <S extends z.ZodObject>(definition: ServiceDefinition<S>): Promise<void> => {
  if (process.argv.includes('--migrate-revert')) {
    try {
      const reverted = await revertServiceMigration(definition);
      process.stdout.write(`${definition.name}: ${reverted ? `migration ${reverted} reverted` : 'no migration to revert'}\n`);
      process.exit(0);
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(1);
    }
  }
  if (process.argv.includes('--migrate-only')) {
    try {
      const applied = await migrateService(definition);
      process.stdout.write(`${definition.name}: ${applied.length} migration(s) applied\n`);
      process.exit(0);
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(1);
    }
  }
  let service: RunningService<z.infer<S>>;
  try {
    service = await startService(definition);
  } catch (error) {
    process.stderr.write(`${definition.name} failed to start: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const grace = (service.config as unknown as BaseServiceConfig).SHUTDOWN_GRACE_MS;
  const stop = (signal: string) => {
    service.logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), grace);
    timer.unref();
    service
      .close()
      .then(
        () => 0,
        () => 1,
      )
      .then(async (code) => {
        await shutdownTelemetryAndMetrics();
        process.exit(code);
      });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
};
