import { randomUUID } from 'node:crypto';
import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { baseServiceConfigSchema } from '#libs/config';
import { defineConsumer, ProvisioningEvents, STREAMS, type ClusterDeleted, type ClusterProvisioning, type CustomerProvisioning, type Envelope } from '#libs/contracts';
import { MessagingTables1764300000000 } from '#libs/persistence';
import { startService, type RunningService } from '#libs/service-kit';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';
import { connectNats, SPARE_DELIVERIES, DLQ_HEADERS, ensureStreams, JetStreamBatchContext, JetStreamContext, JetStreamPublisher, natsServerVersion, OnEvent, OnEventBatch, PermanentMessageError, type NatsHandles } from '../index.js';

// Short ack wait: a terminated message that the server did not take as terminated would come back within it.
const batchConsumer = defineConsumer({ stream: STREAMS.provisioning, durable: 'dlq-test__batch', filterSubject: 'hcs.provisioning.v1.cluster.created', batch: { maxMessages: 1000 }, maxAckPending: 4_000, ackWaitMs: 3_000, maxDeliver: 3, backoffMs: [200, 200] });
// A handler that fails every time: its message must end as one dead letter on its last delivery, never dropped.
const flakyConsumer = defineConsumer({ stream: STREAMS.provisioning, durable: 'dlq-test__flaky', filterSubject: 'hcs.provisioning.v1.cluster.deleted', ackWaitMs: 3_000, maxDeliver: 2, backoffMs: [100] });
// An ack wait far shorter than its handler: the consumer keeps the message alive (working) instead of losing a delivery.
const slowConsumer = defineConsumer({ stream: STREAMS.provisioning, durable: 'dlq-test__slow', filterSubject: 'hcs.provisioning.v1.customer.created', ackWaitMs: 1_000, maxDeliver: 2, backoffMs: [100] });
const singleConsumer = defineConsumer({ stream: STREAMS.provisioning, durable: 'dlq-test__single', filterSubject: 'hcs.provisioning.v1.cluster.updated', ackWaitMs: 3_000, maxDeliver: 3, backoffMs: [200, 200] });

const handled = new Map<string, number>();

@Controller()
class Handlers {
  @OnEventBatch(batchConsumer)
  batch(@Payload() events: Envelope<ClusterProvisioning>[], @Ctx() _ctx: JetStreamBatchContext) {
    for (const e of events) handled.set(e.data.id, Date.now());
  }

  @OnEvent(ProvisioningEvents.clusterCreated)
  created(@Payload() e: Envelope<ClusterProvisioning>, @Ctx() _ctx: JetStreamContext) {
    handled.set(e.data.id, Date.now());
  }

  @OnEvent(ProvisioningEvents.clusterUpdated)
  updated(@Payload() e: Envelope<ClusterProvisioning>, @Ctx() _ctx: JetStreamContext) {
    if (e.data.name === 'poison') throw new PermanentMessageError('this cluster breaks a rule');
    handled.set(e.data.id, Date.now());
  }

  @OnEvent(ProvisioningEvents.customerCreated)
  async customerCreated(@Payload() e: Envelope<CustomerProvisioning>, @Ctx() ctx: JetStreamContext) {
    handled.set(`${e.data.id}#${ctx.deliveryCount}`, Date.now());
    await new Promise((r) => setTimeout(r, 3_500));
  }

  @OnEvent(ProvisioningEvents.clusterDeleted)
  deleted(@Payload() e: Envelope<ClusterDeleted>, @Ctx() ctx: JetStreamContext) {
    handled.set(`${e.data.id}#${ctx.deliveryCount}`, Date.now());
    throw new Error('the application does not answer');
  }
}

@Module({ controllers: [Handlers] })
class DeadLetterTestModule {}

describe('dead letters stay dead on every supported nats-server (2.9 ignores a +TERM reason)', () => {
  let env: TestEnvironment;
  let service: RunningService<unknown>;
  let nats: NatsHandles;
  let publisher: JetStreamPublisher;

  const envelope = (id: string, type: 'created' | 'updated', name = id) => {
    const envelopeId = randomUUID();
    return {
      id: envelopeId, type: `hcs.provisioning.cluster.${type}`, schemaVersion: 1, occurredAt: new Date().toISOString(), correlationId: envelopeId,
      data: { id, customerId: 'c', name, type: 'cucm', version: '14.0', nodes: [{ hostname: 'p', address: '10.0.0.1', publisher: true }] },
    };
  };
  const message = (verb: 'created' | 'updated' | 'deleted', body: string) => {
    const h = natsHeaders();
    h.set('Nats-Msg-Id', randomUUID());
    return { subject: `${env.namespace}.hcs.provisioning.v1.cluster.${verb}`, payload: body, headers: h };
  };
  const publishAll = async (messages: ReturnType<typeof message>[]) => {
    for (let i = 0; i < messages.length; i += 1000) {
      const outcomes = await publisher.publishAll(messages.slice(i, i + 1000), 10_000);
      expect(outcomes.every((o) => o.status === 'fulfilled')).toBe(true);
    }
  };
  const deadLetters = async (durable: string) => {
    const info = await nats.jsm.streams.info(nats.subjects.stream(STREAMS.deadLetter), { subjects_filter: '>' } as never);
    return (info.state.subjects as Record<string, number> | undefined)?.[`${env.namespace}.smartlic.dlq.${durable}`] ?? 0;
  };
  const consumerState = (durable: string) => nats.jsm.consumers.info(nats.subjects.stream(STREAMS.provisioning), durable);

  beforeAll(async () => {
    env = await createTestEnvironment('dlq');
    nats = await connectNats({ url: env.natsUrl, name: 'dlq-test', namespace: env.namespace });
    await ensureStreams(nats.jsm, nats.subjects);
    publisher = new JetStreamPublisher(nats.nc);
    service = await startService(
      { name: 'dlq-test', schema: 'dlq_test', configSchema: baseServiceConfigSchema, imports: [DeadLetterTestModule], migrations: [MessagingTables1764300000000], consumers: [batchConsumer, singleConsumer, flakyConsumer, slowConsumer], events: [ProvisioningEvents.clusterCreated, ProvisioningEvents.clusterUpdated, ProvisioningEvents.clusterDeleted, ProvisioningEvents.customerCreated] },
      { env: { ...env.env, PORT: '0' }, host: '127.0.0.1' },
    );
  });

  afterAll(async () => {
    await service?.close();
    publisher?.close();
    await nats?.nc.close();
    await env?.cleanup();
  });

  it('knows which nats-server it runs against', () => {
    expect(natsServerVersion(nats.nc).version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('a burst of 5,000 bad events is dead-lettered once each and delays the good event behind it by less than a second', async () => {
    const bad = Array.from({ length: 5_000 }, (_, i) => message('created', i % 2 === 0 ? '{not json' : JSON.stringify({ ...envelope(`bad-${i}`, 'created'), data: { id: `bad-${i}` } })));
    await publishAll(bad);
    const publishedAt = Date.now();
    await publishAll([message('created', JSON.stringify(envelope('good-after-burst', 'created')))]);
    await eventually(() => handled.has('good-after-burst'), { what: 'the good event', timeoutMs: 30_000 });
    const delay = handled.get('good-after-burst')! - publishedAt;
    expect(delay).toBeLessThan(1_000);
    await eventually(async () => (await deadLetters(batchConsumer.durable)) === 5_000, { what: '5,000 dead letters' });
    // Longer than the ack wait: a message the server had not taken as terminated would be back by now.
    await new Promise((r) => setTimeout(r, 4_000));
    expect(await deadLetters(batchConsumer.durable)).toBe(5_000);
    const state = await consumerState(batchConsumer.durable);
    expect(state.num_redelivered).toBe(0);
    expect(state.num_ack_pending).toBe(0);
    expect(state.num_pending).toBe(0);
  });

  it('a message its handler refuses for good is delivered once and dead-lettered once, with its reason in the copy', async () => {
    await publishAll([message('updated', JSON.stringify(envelope('refused', 'updated', 'poison'))), message('updated', JSON.stringify(envelope('fine', 'updated')))]);
    await eventually(async () => handled.has('fine') && (await deadLetters(singleConsumer.durable)) === 1, { what: 'the refused message dead-lettered' });
    await new Promise((r) => setTimeout(r, 4_000));
    expect(await deadLetters(singleConsumer.durable)).toBe(1);
    const state = await consumerState(singleConsumer.durable);
    expect(state.num_redelivered).toBe(0);
    expect(state.num_ack_pending).toBe(0);
    const copy = await nats.jsm.streams.getMessage(nats.subjects.stream(STREAMS.deadLetter), { last_by_subj: `${env.namespace}.smartlic.dlq.${singleConsumer.durable}` });
    expect(copy!.header.get(DLQ_HEADERS.reason)).toBe('this cluster breaks a rule');
    expect(copy!.header.get(DLQ_HEADERS.deliveries)).toBe('1');
  });

  it('a message whose handler fails on every delivery is dead-lettered on the last one, with the reason, never dropped', async () => {
    const id = randomUUID();
    await publishAll([message('deleted', JSON.stringify({ id, type: 'hcs.provisioning.cluster.deleted', schemaVersion: 1, occurredAt: new Date().toISOString(), correlationId: id, data: { id: 'flaky' } }))]);
    await eventually(async () => (await deadLetters(flakyConsumer.durable)) === 1, { what: 'the dead letter of the last delivery' });
    expect([...handled.keys()].filter((k) => k.startsWith('flaky#')).sort()).toEqual(['flaky#1', 'flaky#2']);
    const copy = await nats.jsm.streams.getMessage(nats.subjects.stream(STREAMS.deadLetter), { last_by_subj: `${env.namespace}.smartlic.dlq.${flakyConsumer.durable}` });
    expect(copy!.header.get(DLQ_HEADERS.reason)).toBe('gave up after 2 deliveries: the application does not answer');
    expect(copy!.header.get(DLQ_HEADERS.deliveries)).toBe('2');
    // The server would allow spare deliveries (a last delivery cut short): a terminated message uses none of them.
    await new Promise((r) => setTimeout(r, 4_000));
    expect(await deadLetters(flakyConsumer.durable)).toBe(1);
    const state = await consumerState(flakyConsumer.durable);
    expect(state.config.max_deliver).toBe(flakyConsumer.maxDeliver + SPARE_DELIVERIES);
    expect(state.num_ack_pending).toBe(0);
    expect(state.num_pending).toBe(0);
  });

  it('a handler running three times longer than the ack wait keeps its message: one delivery, acked, nothing redelivered', async () => {
    const id = randomUUID();
    const h = natsHeaders();
    h.set('Nats-Msg-Id', id);
    const body = JSON.stringify({ id, type: 'hcs.provisioning.customer.created', schemaVersion: 1, occurredAt: new Date().toISOString(), correlationId: id, data: { id: 'slow', name: 'Slow customer' } });
    await publishAll([{ subject: `${env.namespace}.hcs.provisioning.v1.customer.created`, payload: body, headers: h }]);
    await eventually(async () => handled.has('slow#1') && (await consumerState(slowConsumer.durable)).num_ack_pending === 0, { what: 'the slow message acked', timeoutMs: 15_000 });
    expect([...handled.keys()].filter((k) => k.startsWith('slow#'))).toEqual(['slow#1']);
    const state = await consumerState(slowConsumer.durable);
    expect(state.num_redelivered).toBe(0);
    expect(state.delivered.consumer_seq).toBe(1);
  });
});
