import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { CommandClient, OutboxRelay, type NatsHandles } from '#libs/messaging';
import { HealthController } from './health.controller.js';
import { ShutdownState } from './shutdown.state.js';
import { NATS_HANDLES, PINO_LOGGER, SERVICE_CONFIG, SERVICE_NAME } from './tokens.js';

export interface CoreDependencies {
  name: string;
  config: unknown;
  logger: Logger;
  dataSource: DataSource;
  handles: NatsHandles;
  relay: OutboxRelay;
  shutdown: ShutdownState;
  /** Whether the command client checks replies against their contracts (see startService). */
  validateReplies: boolean;
}

/** What every service module can inject: config, DataSource, NATS, command client, outbox relay, logger. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(deps: CoreDependencies): DynamicModule {
    const providers = [
      { provide: SERVICE_NAME, useValue: deps.name },
      { provide: SERVICE_CONFIG, useValue: deps.config },
      { provide: PINO_LOGGER, useValue: deps.logger },
      { provide: DataSource, useValue: deps.dataSource },
      { provide: NATS_HANDLES, useValue: deps.handles },
      { provide: OutboxRelay, useValue: deps.relay },
      { provide: ShutdownState, useValue: deps.shutdown },
      { provide: CommandClient, useValue: new CommandClient(deps.handles, { validateReplies: deps.validateReplies }) },
    ];
    return {
      module: CoreModule,
      imports: [
        TerminusModule,
        LoggerModule.forRoot({
          pinoHttp: {
            logger: deps.logger,
            autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
            quietReqLogger: true,
          },
        }),
      ],
      controllers: [HealthController],
      providers,
      exports: providers.map((p) => p.provide),
    };
  }

  /**
   * The same tokens without values, for Nest's preview mode (the module graph is scanned, no provider is created):
   * how a service's OpenAPI document is built without NATS, Postgres or a server.
   */
  static preview(): DynamicModule {
    const tokens = [SERVICE_NAME, SERVICE_CONFIG, PINO_LOGGER, DataSource, NATS_HANDLES, OutboxRelay, ShutdownState, CommandClient];
    return { module: CoreModule, providers: tokens.map((provide) => ({ provide, useValue: null })), exports: tokens };
  }
}
