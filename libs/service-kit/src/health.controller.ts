import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import type { NatsHandles } from '#libs/messaging';
import { NATS_HANDLES } from './tokens.js';
import { Public } from './public.decorator.js';
import { ShutdownState } from './shutdown.state.js';

/**
 * Kubernetes probes. /healthz: the process is alive. /readyz: Postgres answers, the NATS connection is up and
 * the service is not shutting down (a pod leaving rotation stops getting traffic before it stops serving).
 */
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    @Inject(NATS_HANDLES) private readonly nats: NatsHandles,
    private readonly shutdown: ShutdownState,
  ) {}

  @Get('healthz')
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  @HealthCheck()
  readiness() {
    return this.health.check([
      async () => {
        const session = this.indicators.check('postgres');
        try {
          await this.dataSource.query('SELECT 1');
          return session.up();
        } catch (error) {
          return session.down({ message: (error as Error).message });
        }
      },
      async () => {
        const session = this.indicators.check('nats');
        if (this.nats.nc.isClosed()) return session.down({ message: 'connection closed' });
        try {
          await this.nats.nc.flush();
          return session.up();
        } catch (error) {
          return session.down({ message: (error as Error).message });
        }
      },
      async () => {
        const session = this.indicators.check('lifecycle');
        return this.shutdown.shuttingDown ? session.down({ message: 'shutting down' }) : session.up();
      },
    ]);
  }
}
