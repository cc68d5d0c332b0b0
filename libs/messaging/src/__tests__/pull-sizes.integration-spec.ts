import { randomUUID } from 'node:crypto';
import { Controller, Module } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { baseServiceConfigSchema } from '#libs/config';
import { defineConsumer, ProvisioningEvents, STREAMS, type ClusterProvisioning, type Envelope } from '#libs/contracts';
import { MessagingTables1764300000000 } from '#libs/persistence';
import { startService, type RunningService } from '#libs/service-kit';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';
import { connectNats, ensureStreams, JetStreamPublisher, OnEvent, type NatsHandles } from '../index.js';

const consumer = defineConsumer({ stream: STREAMS.provisioning, durable: 'pull-sizes__clusters', filterSubject: 'hcs.provisioning.v1.cluster.updated' });
const handled = new Map<string, number>();

@Controller()
class Handlers {
  @OnEvent(ProvisioningEvents.clusterUpdated)
  updated(@Payload() e: Envelope<ClusterProvisioning>) {
    handled.set(e.data.id, Date.now());
  }
}

@Module({ controllers: [Handlers] })
class PullSizesModule {}

// nats.js 3.4's byte-bounded consume() kept the unused bytes of a pull that ended by count and stalled ~45 s on the
// first larger message (see the note in jetstream.server.ts): this guards whatever pull the consumers use.
describe('a consumer pulling messages of changing sizes', () => {
  let env: TestEnvironment;
  let service: RunningService<unknown>;
  let nats: NatsHandles;
  let publisher: JetStreamPublisher;

  beforeAll(async () => {
    env = await createTestEnvironment('pullsizes');
    nats = await connectNats({ url: env.natsUrl, name: 'pull-sizes-test', namespace: env.namespace });
    await ensureStreams(nats.jsm, nats.subjects);
    publisher = new JetStreamPublisher(nats.nc);
    service = await startService(
      { name: 'pull-sizes', schema: 'pull_sizes', configSchema: baseServiceConfigSchema, imports: [PullSizesModule], migrations: [MessagingTables1764300000000], consumers: [consumer], events: [ProvisioningEvents.clusterUpdated] },
      { env: { ...env.env, PORT: '0' }, host: '127.0.0.1' },
    );
  });

  afterAll(async () => {
    await service?.close();
    publisher?.close();
    await nats?.nc.close();
    await env?.cleanup();
  });

  const message = (id: string, caPem?: string) => {
    const envelopeId = randomUUID();
    const h = natsHeaders();
    h.set('Nats-Msg-Id', envelopeId);
    const data = { id, customerId: 'c', name: id, type: 'cucm', version: '14.0', nodes: [{ hostname: 'p', address: '10.0.0.1', publisher: true }], ...(caPem ? { tls: { caPem } } : {}) };
    return { subject: `${env.namespace}.hcs.provisioning.v1.cluster.updated`, headers: h, payload: JSON.stringify({ id: envelopeId, type: 'hcs.provisioning.cluster.updated', schemaVersion: 1, occurredAt: new Date().toISOString(), correlationId: envelopeId, data }) };
  };

  it('a 200 KB message after hundreds of small ones is handled within seconds, round after round', async () => {
    for (let round = 0; round < 2; round++) {
      await publisher.publishAll(Array.from({ length: 300 }, (_, i) => message(`small-${round}-${i}`)), 10_000);
      await eventually(() => handled.has(`small-${round}-299`), { what: 'the small messages', timeoutMs: 30_000 });
      const publishedAt = Date.now();
      await publisher.publishAll([message(`large-${round}`, 'x'.repeat(200_000))], 10_000);
      await eventually(() => handled.has(`large-${round}`), { what: 'the large message', timeoutMs: 60_000 });
      expect(handled.get(`large-${round}`)! - publishedAt).toBeLessThan(5_000);
    }
  }, 120_000);
});
