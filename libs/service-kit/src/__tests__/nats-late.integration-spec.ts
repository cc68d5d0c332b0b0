import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { Controller, Module } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { baseServiceConfigSchema } from '#libs/config';
import { defineConsumer, ProvisioningEvents, STREAMS, type CustomerProvisioning, type Envelope } from '#libs/contracts';
import { OnEvent } from '#libs/messaging';
import { MessagingTables1764300000000 } from '#libs/persistence';
import { createTestEnvironment, type TestEnvironment } from '#libs/testing';
import { connect as natsConnect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { startService, type RunningService } from '../bootstrap-service.js';

const consumer = defineConsumer({ stream: STREAMS.provisioning, durable: 'late-nats__customers', filterSubject: ProvisioningEvents.customerCreated.subject });

@Controller()
class Handlers {
  @OnEvent(ProvisioningEvents.customerCreated)
  created(@Payload() _e: Envelope<CustomerProvisioning>) {}
}

@Module({ controllers: [Handlers] })
class LateNatsModule {}

/** A TCP relay to the real nats-server that can be started late: NATS "down" until then. */
const relay = (port: number, target = { host: '127.0.0.1', port: 4222 }) => {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = tcpConnect(target);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const close = () => (client.destroy(), upstream.destroy());
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  return {
    listen: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    close: () => new Promise<void>((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve()))),
  };
};

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

describe('a service starting while NATS is down', () => {
  let env: TestEnvironment;
  let service: RunningService<unknown> | undefined;
  let nats: ReturnType<typeof relay> | undefined;

  beforeAll(async () => {
    env = await createTestEnvironment('latenats');
  });

  afterAll(async () => {
    await service?.close();
    await nats?.close();
    await env?.cleanup();
  });

  it('waits for it and then starts its consumers, instead of exiting', async () => {
    const port = await freePort();
    nats = relay(port);
    const startedAt = Date.now();
    const starting = startService(
      { name: 'late-nats', schema: 'late_nats', configSchema: baseServiceConfigSchema, imports: [LateNatsModule], migrations: [MessagingTables1764300000000], consumers: [consumer], events: [ProvisioningEvents.customerCreated] },
      { env: { ...env.env, NATS_URL: `nats://127.0.0.1:${port}`, PORT: '0' }, host: '127.0.0.1' },
    );
    let settled = false;
    void starting.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((r) => setTimeout(r, 3_000));
    expect(settled).toBe(false);
    await nats.listen();
    service = await starting;
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(3_000);

    const nc = await natsConnect({ servers: env.natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      const info = await jsm.consumers.info(`${env.namespace}_${STREAMS.provisioning}`, consumer.durable);
      expect(info.config.durable_name).toBe(consumer.durable);
    } finally {
      await nc.close();
    }
  }, 60_000);
});
