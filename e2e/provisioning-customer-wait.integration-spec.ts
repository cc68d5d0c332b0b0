import { randomUUID } from 'node:crypto';
import { CONSUMERS, ProvisioningEvents, STREAMS } from '#libs/contracts';
import { connectNats, DLQ_HEADERS, type NatsHandles } from '#libs/messaging';
import type { RunningService } from '#libs/service-kit';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';
import { startServices, stopServices } from './support/start-services.js';

/**
 * The customer-exists rule (libs/contracts provisioning.rules.ts): a cluster.created for a customer registration has
 * not seen yet is neither applied nor lost. It waits, redelivered on the consumer's backoff stretched over
 * PROVISIONING_CUSTOMER_WAIT (4 s here), and is applied once when the customer comes within the window; when it never
 * comes, it is dead-lettered once, at the end of the window, with the rule and the customer id in the reason.
 */
const WAIT_MS = 4_000;

describe('a cluster of an unknown customer waits for it, then is applied once or dead-lettered once', () => {
  let env: TestEnvironment;
  let services: Record<string, RunningService<unknown>>;
  let nats: NatsHandles;
  const durable = CONSUMERS.registration.provisioning.durable;

  const publish = async (event: { subject: string; type: string }, data: unknown) => {
    const id = randomUUID();
    const body = { id, type: event.type, schemaVersion: 1, occurredAt: new Date().toISOString(), correlationId: id, data };
    await nats.js.publish(nats.subjects.qualify(event.subject), JSON.stringify(body), { msgID: id });
    return id;
  };
  const cluster = (id: string, customerId: string) => ({
    id,
    customerId,
    name: `Cluster ${id}`,
    type: 'cucm',
    version: '14.0',
    nodes: [{ hostname: `${id}-pub`, address: '10.2.0.1', publisher: true }],
    credentials: { admin: { username: 'admin', password: 'secret' } },
  });
  const db = () => services.registration!.dataSource;
  const count = async (sql: string, params: unknown[]) => Number(((await db().query(sql, params)) as { n: string }[])[0]!.n);
  const stored = (clusterId: string) => count('SELECT count(*) AS n FROM cluster WHERE id = $1', [clusterId]);
  const dlqSubject = () => nats.subjects.qualify(`smartlic.dlq.${durable}`);
  const deadLetters = async () => {
    const info = await nats.jsm.streams.info(nats.subjects.stream(STREAMS.deadLetter), { subjects_filter: '>' } as never);
    return (info.state.subjects as Record<string, number> | undefined)?.[dlqSubject()] ?? 0;
  };
  const settled = async () => {
    const info = await nats.jsm.consumers.info(nats.subjects.stream(STREAMS.provisioning), durable);
    return info.num_pending === 0 && info.num_ack_pending === 0;
  };

  beforeAll(async () => {
    env = await createTestEnvironment('customer-wait');
    services = await startServices(env, ['registration'], { PROVISIONING_CUSTOMER_WAIT: `${WAIT_MS}ms` });
    nats = await connectNats({ url: env.natsUrl, name: 'customer-wait-test', namespace: env.namespace });
  }, 60_000);

  afterAll(async () => {
    await nats?.nc.close();
    await stopServices(services ?? {});
    await env?.cleanup();
  });

  it('cluster.created before its customer, the customer within the window: the cluster is applied once, nothing dead-lettered', async () => {
    const eventId = await publish(ProvisioningEvents.clusterCreated, cluster('cl-early', 'cu-late'));
    // Delivered and left waiting: redelivered at least once, not stored, not marked as seen.
    await eventually(async () => (await nats.jsm.consumers.info(nats.subjects.stream(STREAMS.provisioning), durable)).num_redelivered > 0, { what: 'the cluster event redelivered', timeoutMs: 10_000 });
    expect(await stored('cl-early')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM inbox WHERE message_id = $1', [eventId])).toBe(0);

    await publish(ProvisioningEvents.customerCreated, { id: 'cu-late', name: 'Customer Late' });
    await eventually(async () => (await stored('cl-early')) === 1, { what: 'the cluster applied once its customer exists', timeoutMs: WAIT_MS * 2 });
    await eventually(settled, { what: 'the consumer acked everything' });
    // Past the end of the window: still applied once (one inbox entry, one cluster.upserted), no dead letter.
    await new Promise((r) => setTimeout(r, WAIT_MS));
    expect(await count('SELECT count(*) AS n FROM inbox WHERE message_id = $1', [eventId])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM outbox WHERE subject LIKE '%cluster.upserted' AND payload->'data'->>'id' = $1`, ['cl-early'])).toBe(1);
    expect(await deadLetters()).toBe(0);
  }, 40_000);

  it('the customer never comes: exactly one dead letter, at the end of the window, naming the rule and the customer; nothing stored', async () => {
    const before = await deadLetters();
    const start = Date.now();
    const eventId = await publish(ProvisioningEvents.clusterCreated, cluster('cl-orphan', 'cu-never'));
    await eventually(async () => (await deadLetters()) === before + 1, { what: 'the dead letter', timeoutMs: WAIT_MS * 4 });
    const elapsed = Date.now() - start;
    // The delays between deliveries add up to the window: dead-lettered at its end, not at the first delivery.
    expect(elapsed).toBeGreaterThanOrEqual(WAIT_MS * 0.9);
    const copy = await nats.jsm.streams.getMessage(nats.subjects.stream(STREAMS.deadLetter), { last_by_subj: dlqSubject() });
    expect(copy!.json<{ id: string }>().id).toBe(eventId);
    expect(copy!.header.get(DLQ_HEADERS.reason)).toMatch(/^customer-exists: customer cu-never of cluster cl-orphan does not exist/);
    await eventually(settled, { what: 'the message terminated' });
    expect(await stored('cl-orphan')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM inbox WHERE message_id = $1', [eventId])).toBe(0);
    // Terminated for good: no second dead letter.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await deadLetters()).toBe(before + 1);
  }, 40_000);
});
