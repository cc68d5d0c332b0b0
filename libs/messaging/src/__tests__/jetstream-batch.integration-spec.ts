import { randomUUID } from 'node:crypto';
import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { baseServiceConfigSchema } from '#libs/config';
import { defineConsumer, ProvisioningEvents, STREAMS, type ClusterProvisioning, type Envelope } from '#libs/contracts';
import { MessagingTables1764300000000 } from '#libs/persistence';
import { startService, type RunningService } from '#libs/service-kit';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';
import { connectNats, ensureStreams, JetStreamBatchContext, JetStreamContext, OnEvent, OnEventBatch, PermanentMessageError, type NatsHandles } from '../index.js';

const consumer = defineConsumer({ stream: STREAMS.provisioning, durable: 'batch-test__provisioning', filterSubject: 'hcs.provisioning.v1.cluster.created', batch: { maxMessages: 100 } });

const seen = { batches: [] as number[], single: [] as string[], poisonId: '' };

@Controller()
class BatchHandler {
  @OnEventBatch(consumer)
  handleBatch(@Payload() events: Envelope<ClusterProvisioning>[], @Ctx() ctx: JetStreamBatchContext) {
    expect(ctx.messages).toHaveLength(events.length);
    if (events.some((e) => e.data.id === seen.poisonId)) throw new Error('one event in this batch breaks a rule');
    seen.batches.push(events.length);
  }

  @OnEvent(ProvisioningEvents.clusterCreated)
  handleOne(@Payload() event: Envelope<ClusterProvisioning>, @Ctx() _ctx: JetStreamContext) {
    if (event.data.id === seen.poisonId) throw new PermanentMessageError('this cluster breaks a rule');
    seen.single.push(event.data.id);
  }
}

@Module({ controllers: [BatchHandler] })
class BatchTestModule {}

describe('JetStreamServer batch consumers', () => {
  let env: TestEnvironment;
  let service: RunningService<unknown>;
  let nc: NatsConnection;
  let setup: NatsHandles | undefined;

  const cluster = (id: string) => {
    const envelopeId = randomUUID();
    return { id: envelopeId, type: 'hcs.provisioning.cluster.created', schemaVersion: 1, occurredAt: new Date().toISOString(), correlationId: envelopeId, data: { id, customerId: 'c', name: id, type: 'cucm', version: '14.0', nodes: [{ hostname: 'p', address: '10.0.0.1', publisher: true }] } };
  };

  beforeAll(async () => {
    env = await createTestEnvironment('batch');
    nc = await connect({ servers: env.natsUrl });
  });

  afterAll(async () => {
    await service?.close();
    await setup?.nc.close();
    await nc?.close();
    await env?.cleanup();
  });

  it('hands a burst to the batch handler in few batches, and isolates a failing message', async () => {
    const js = jetstream(nc);
    // Publish before the consumer starts so the burst is waiting.
    setup = await connectNats({ url: env.natsUrl, name: 'batch-setup', namespace: env.namespace });
    const { jsm, subjects } = setup;
    await ensureStreams(jsm, subjects);
    seen.poisonId = 'poison';
    const ids = Array.from({ length: 250 }, (_, i) => `cl-${i}`);
    ids.splice(120, 0, 'poison');
    for (const id of ids) await js.publish(`${env.namespace}.hcs.provisioning.v1.cluster.created`, JSON.stringify(cluster(id)));

    service = await startService(
      { name: 'batch-test', schema: 'batch_test', configSchema: baseServiceConfigSchema, imports: [BatchTestModule], migrations: [MessagingTables1764300000000], consumers: [consumer], events: [ProvisioningEvents.clusterCreated] },
      { env: { ...env.env, PORT: '0' }, host: '127.0.0.1' },
    );
    await eventually(() => seen.batches.reduce((a, b) => a + b, 0) + seen.single.length >= 250, { what: 'all good events handled' });
    // The burst arrived in batches (far fewer handler calls than messages).
    expect(seen.batches.length).toBeLessThan(125);
    expect(Math.max(...seen.batches)).toBeGreaterThan(1);
    // The failing batch was retried message by message: its good messages were handled, the poison one dead-lettered.
    expect(seen.single).not.toContain('poison');
    expect(seen.single.length).toBeGreaterThan(0);
    const dlq = await eventually(async () => {
      try {
        return await jsm.streams.getMessage(subjects.stream(STREAMS.deadLetter), { last_by_subj: subjects.qualify('smartlic.dlq.batch-test__provisioning') });
      } catch {
        return undefined;
      }
    });
    expect(dlq!.header.get('x-dlq-reason')).toBe('this cluster breaks a rule');
  });
});
