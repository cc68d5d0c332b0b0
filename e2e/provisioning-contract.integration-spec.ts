import { randomUUID } from 'node:crypto';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { CONSUMERS, PROVISIONING_MAX_MESSAGE_BYTES, ProvisioningEvents, STREAMS } from '#libs/contracts';
import { connectNats, DLQ_HEADERS, JetStreamPublisher, type NatsHandles } from '#libs/messaging';
import type { RunningService } from '#libs/service-kit';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';
import { startServices, stopServices } from './support/start-services.js';

/**
 * The provisioning contract is applied or refused the same way by every service that consumes it (registration and
 * app-adapter here): a message breaking a rule is dead-lettered once per consumer, at once, with the field in the
 * reason, and changes nothing; an event of a type no consumer knows yet is acked and skipped.
 */
describe('provisioning input is validated as a contract by every consumer', () => {
  let env: TestEnvironment;
  let services: Record<string, RunningService<unknown>>;
  let nats: NatsHandles;
  let publisher: JetStreamPublisher;

  const clusterConsumers = [CONSUMERS.registration.provisioning.durable, CONSUMERS.appAdapter.provisioning.durable];
  const customerConsumers = [CONSUMERS.registration.provisioning.durable, CONSUMERS.appAdapter.customers.durable];

  const cluster = (id: string, overrides: Record<string, unknown> = {}) => ({
    id,
    customerId: 'cu-1',
    name: `Cluster ${id}`,
    type: 'cucm',
    version: '14.0',
    nodes: [
      { hostname: `${id}-pub`, address: '10.1.0.1', publisher: true },
      { hostname: `${id}-sub`, address: '10.1.0.2', publisher: false },
    ],
    credentials: { admin: { username: 'admin', password: 'secret' } },
    ...overrides,
  });
  const envelope = (type: string, data: unknown, overrides: Record<string, unknown> = {}) => {
    const id = randomUUID();
    return { id, type, schemaVersion: 1, occurredAt: new Date().toISOString(), correlationId: id, data, ...overrides };
  };
  const publish = async (subject: string, body: unknown) => {
    const h = natsHeaders();
    h.set('Nats-Msg-Id', randomUUID());
    const [outcome] = await publisher.publishAll([{ subject: nats.subjects.qualify(subject), payload: typeof body === 'string' ? body : JSON.stringify(body), headers: h }], 10_000);
    if (outcome!.status === 'rejected') throw outcome!.reason;
  };

  const dlqStream = () => nats.subjects.stream(STREAMS.deadLetter);
  const deadLetterCount = async (durable: string) => {
    const info = await nats.jsm.streams.info(dlqStream(), { subjects_filter: '>' } as never);
    return (info.state.subjects as Record<string, number> | undefined)?.[nats.subjects.qualify(`smartlic.dlq.${durable}`)] ?? 0;
  };
  const lastReason = async (durable: string) => {
    const copy = await nats.jsm.streams.getMessage(dlqStream(), { last_by_subj: nats.subjects.qualify(`smartlic.dlq.${durable}`) });
    return copy!.header.get(DLQ_HEADERS.reason);
  };
  const settled = async (durable: string) => {
    const info = await nats.jsm.consumers.info(nats.subjects.stream(STREAMS.provisioning), durable);
    return info.num_pending === 0 && info.num_ack_pending === 0;
  };
  const registration = () => services.registration!.dataSource;
  const appAdapter = () => services['app-adapter']!.dataSource;
  const inventory = async () => ({
    registration: await registration().query('SELECT id, name, deleted_at IS NOT NULL AS deleted FROM cluster ORDER BY id'),
    registrationCustomers: await registration().query('SELECT id, name, deleted_at IS NOT NULL AS deleted FROM customer ORDER BY id'),
    appAdapter: await appAdapter().query('SELECT cluster_id, nodes, deleted_at IS NOT NULL AS deleted FROM endpoint ORDER BY cluster_id'),
    appAdapterCustomers: await appAdapter().query('SELECT customer_id, deleted_at IS NOT NULL AS deleted FROM customer ORDER BY customer_id'),
  });

  /** Publishes a bad message and expects exactly one new dead letter per consumer, the same reason, and no change. */
  const expectRefused = async (subject: string, body: unknown, durables: string[], reason: RegExp) => {
    const before = await inventory();
    const counts = await Promise.all(durables.map(deadLetterCount));
    await publish(subject, body);
    await eventually(async () => (await Promise.all(durables.map(deadLetterCount))).every((n, i) => n === counts[i]! + 1), { what: `one dead letter per consumer for ${subject}`, timeoutMs: 20_000 });
    const reasons = await Promise.all(durables.map(lastReason));
    for (const r of reasons) expect(r).toMatch(reason);
    // Registration and app-adapter refuse it for the very same reason: they share one parser.
    expect(new Set(reasons).size).toBe(1);
    await eventually(async () => (await Promise.all(durables.map(settled))).every(Boolean), { what: 'the consumers acked or terminated everything' });
    expect(await inventory()).toEqual(before);
    // Terminated for good: no second dead letter after a while (nats-server 2.9 ignores a +TERM reason).
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await Promise.all(durables.map(deadLetterCount))).toEqual(counts.map((n) => n + 1));
  };

  beforeAll(async () => {
    env = await createTestEnvironment('contract');
    services = await startServices(env, ['registration', 'app-adapter']);
    nats = await connectNats({ url: env.natsUrl, name: 'contract-test', namespace: env.namespace });
    publisher = new JetStreamPublisher(nats.nc);
    await publish(ProvisioningEvents.customerCreated.subject, envelope(ProvisioningEvents.customerCreated.type, { id: 'cu-1', name: 'Customer One' }));
    await publish(ProvisioningEvents.clusterCreated.subject, envelope(ProvisioningEvents.clusterCreated.type, cluster('cl-ok')));
    await eventually(async () => {
      const now = await inventory();
      return now.registration.length === 1 && now.appAdapter.length === 1 && now.registrationCustomers.length === 1 && now.appAdapterCustomers.length === 1;
    }, { what: 'the valid customer and cluster in both services', timeoutMs: 30_000 });
  }, 120_000);

  afterAll(async () => {
    publisher?.close();
    await nats?.nc.close();
    if (services) await stopServices(services);
    await env?.cleanup();
  });

  it('an envelope whose type says "deleted" on customer.updated is dead-lettered and deletes nothing', async () => {
    await expectRefused(ProvisioningEvents.customerUpdated.subject, envelope(ProvisioningEvents.customerDeleted.type, { id: 'cu-1' }), customerConsumers, /^type: "hcs\.provisioning\.customer\.deleted" does not match the subject/);
  });

  it('an unknown type on cluster.created is a mismatch for both services (neither stores it)', async () => {
    await expectRefused(ProvisioningEvents.clusterCreated.subject, envelope('hcs.provisioning.cluster.imported', cluster('cl-imported')), clusterConsumers, /^type: /);
  });

  it('schemaVersion 99 is not supported', async () => {
    await expectRefused(ProvisioningEvents.clusterCreated.subject, envelope(ProvisioningEvents.clusterCreated.type, cluster('cl-v99'), { schemaVersion: 99 }), clusterConsumers, /^schemaVersion: 99 is not supported/);
  });

  it('an occurredAt in 2099 is refused, so it cannot block later updates', async () => {
    await expectRefused(ProvisioningEvents.clusterUpdated.subject, envelope(ProvisioningEvents.clusterUpdated.type, cluster('cl-ok', { name: 'from the future' }), { occurredAt: '2099-01-01T00:00:00.000Z' }), clusterConsumers, /^occurredAt: 2099-01-01T00:00:00.000Z lies more than 300 s in the future/);
  });

  it('a NUL in a name is permanent: dead-lettered at once, not retried', async () => {
    await expectRefused(ProvisioningEvents.clusterUpdated.subject, envelope(ProvisioningEvents.clusterUpdated.type, cluster('cl-ok', { name: 'bad\u0000name' })), clusterConsumers, /^data\.name: must not contain a NUL character$/);
  });

  it.each([
    ['zero publisher nodes', [{ hostname: 'a', address: '10.2.0.1', publisher: false }], /data\.nodes: exactly one publisher node is required \(found 0\)/],
    ['two publisher nodes', [{ hostname: 'a', address: '10.2.0.1', publisher: true }, { hostname: 'b', address: '10.2.0.2', publisher: true }], /data\.nodes: exactly one publisher node is required \(found 2\)/],
    ['an empty node list', [], /data\.nodes: a cluster has at least one node/],
  ])('a cluster with %s is refused', async (_what, nodes, reason) => {
    await expectRefused(ProvisioningEvents.clusterCreated.subject, envelope(ProvisioningEvents.clusterCreated.type, cluster(`cl-nodes-${nodes.length}`, { nodes })), clusterConsumers, reason);
  });

  it('a CA bundle above the per-field limit is refused naming the field; one of a realistic size is applied', async () => {
    await expectRefused(ProvisioningEvents.clusterCreated.subject, envelope(ProvisioningEvents.clusterCreated.type, cluster('cl-huge-ca', { tls: { caPem: 'A'.repeat(300 * 1024) } })), clusterConsumers, /data\.tls\.caPem: Too big/);
    await publish(ProvisioningEvents.clusterCreated.subject, envelope(ProvisioningEvents.clusterCreated.type, cluster('cl-ca', { tls: { caPem: 'A'.repeat(150 * 1024) } })));
    await eventually(async () => (await registration().query("SELECT 1 FROM cluster WHERE id = 'cl-ca'")).length === 1 && (await appAdapter().query("SELECT 1 FROM endpoint WHERE cluster_id = 'cl-ca'")).length === 1, { what: 'cl-ca in both services' });
  });

  it('a message above the contract size is refused by the stream at publish, naming the limit', async () => {
    const body = JSON.stringify(envelope(ProvisioningEvents.clusterCreated.type, cluster('cl-too-big'))).padEnd(PROVISIONING_MAX_MESSAGE_BYTES + 1, ' ');
    await expect(publish(ProvisioningEvents.clusterCreated.subject, body)).rejects.toThrow(/message size exceeds maximum allowed/i);
  });

  it('an event of a type no consumer knows yet (a newer publisher) is acked and skipped by both, not dead-lettered', async () => {
    const before = await inventory();
    const counts = await Promise.all(clusterConsumers.map(deadLetterCount));
    await publish('hcs.provisioning.v1.cluster.archived', envelope('hcs.provisioning.cluster.archived', { id: 'cl-ok' }));
    await eventually(async () => (await Promise.all(clusterConsumers.map(settled))).every(Boolean), { what: 'both consumers acked the unknown event' });
    const stream = await nats.jsm.streams.info(nats.subjects.stream(STREAMS.provisioning));
    for (const durable of clusterConsumers) {
      const info = await nats.jsm.consumers.info(nats.subjects.stream(STREAMS.provisioning), durable);
      expect(info.ack_floor.stream_seq).toBe(stream.state.last_seq);
    }
    expect(await Promise.all(clusterConsumers.map(deadLetterCount))).toEqual(counts);
    expect(await inventory()).toEqual(before);
  });
});
