import { randomUUID } from 'node:crypto';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { CONSUMERS, ProvisioningEvents, STREAMS } from '#libs/contracts';
import { connectNats, ensureStreams, JetStreamPublisher, type NatsHandles } from '#libs/messaging';
import type { RunningService } from '#libs/service-kit';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';
import { startServices, stopServices } from './support/start-services.js';

const CLUSTERS = 300;
// ~100 KB per message: a CA bundle of that size is realistic, and 300 of them are 30 MB waiting in the stream.
const CA_BUNDLE = `-----BEGIN CERTIFICATE-----\n${'Q'.repeat(100 * 1024)}\n-----END CERTIFICATE-----`;

describe('a backlog of large provisioning events drains completely once the consumers start', () => {
  let env: TestEnvironment;
  let services: Record<string, RunningService<unknown>> | undefined;
  let nats: NatsHandles;
  let publisher: JetStreamPublisher;

  beforeAll(async () => {
    env = await createTestEnvironment('backlog');
    nats = await connectNats({ url: env.natsUrl, name: 'backlog-test', namespace: env.namespace });
    await ensureStreams(nats.jsm, nats.subjects);
    publisher = new JetStreamPublisher(nats.nc);
  });

  afterAll(async () => {
    publisher?.close();
    await nats?.nc.close();
    if (services) await stopServices(services);
    await env?.cleanup();
  });

  it(`${CLUSTERS} cluster.created events of ~100 KB published while registration and app-adapter are down are all applied, none lost or dead-lettered, in bounded memory`, async () => {
    const message = (subject: string, type: string, data: unknown) => {
      const id = randomUUID();
      const h = natsHeaders();
      h.set('Nats-Msg-Id', id);
      return { subject: nats.subjects.qualify(subject), payload: JSON.stringify({ id, type, schemaVersion: 1, occurredAt: new Date().toISOString(), correlationId: id, data }), headers: h };
    };
    const backlog = [
      message(ProvisioningEvents.customerCreated.subject, ProvisioningEvents.customerCreated.type, { id: 'cu-backlog', name: 'Backlog customer' }),
      ...Array.from({ length: CLUSTERS }, (_, i) =>
        message(ProvisioningEvents.clusterCreated.subject, ProvisioningEvents.clusterCreated.type, {
          id: `cl-${i}`,
          customerId: 'cu-backlog',
          name: `Cluster ${i}`,
          type: 'cucm',
          version: '14.0',
          nodes: [{ hostname: `cl-${i}-pub`, address: `10.3.${i >> 8}.${i & 255}`, publisher: true }],
          credentials: { admin: { username: 'admin', password: 'secret' } },
          tls: { caPem: CA_BUNDLE },
        }),
      ),
    ];
    for (let i = 0; i < backlog.length; i += 50) {
      const outcomes = await publisher.publishAll(backlog.slice(i, i + 50), 30_000);
      expect(outcomes.every((o) => o.status === 'fulfilled')).toBe(true);
    }

    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    try {
      services = await startServices(env, ['registration', 'app-adapter']);
      const count = async (service: string, sql: string) => Number((await services![service]!.dataSource.query(sql))[0].n);
      await eventually(
        async () => (await count('registration', 'SELECT count(*) AS n FROM cluster')) === CLUSTERS && (await count('app-adapter', 'SELECT count(*) AS n FROM endpoint')) === CLUSTERS,
        { what: `${CLUSTERS} clusters in registration and app-adapter`, timeoutMs: 180_000, intervalMs: 500 },
      );
    } finally {
      clearInterval(sampler);
    }

    const stream = nats.subjects.stream(STREAMS.provisioning);
    for (const durable of [CONSUMERS.registration.provisioning.durable, CONSUMERS.appAdapter.provisioning.durable]) {
      await eventually(async () => (await nats.jsm.consumers.info(stream, durable)).num_ack_pending === 0, { what: `${durable} acked everything` });
      const info = await nats.jsm.consumers.info(stream, durable);
      expect({ durable, pending: info.num_pending, redelivered: info.num_redelivered }).toEqual({ durable, pending: 0, redelivered: 0 });
    }
    const dlq = await nats.jsm.streams.info(nats.subjects.stream(STREAMS.deadLetter));
    expect(dlq.state.messages).toBe(0);
    // Both services (started inside the window: Nest, pools, clients) read at most maxBytesInFlight ahead of their
    // handlers; measured here about 85 MB for the whole start and drain.
    expect((peak - baseline) / 1024 / 1024).toBeLessThan(200);
  }, 300_000);
});
