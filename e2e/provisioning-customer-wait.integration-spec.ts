import { randomUUID } from 'node:crypto';
import { CONSUMERS, ProvisioningEvents, STREAMS } from '#libs/contracts';
import { connectNats, DLQ_HEADERS, type NatsHandles } from '#libs/messaging';
import type { RunningService } from '#libs/service-kit';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';
import { startServices, stopServices } from './support/start-services.js';

/**
 * The customer-exists rule (libs/contracts provisioning.rules.ts), applied alike by both consumers of cluster events,
 * registration and app-adapter, through the one shared implementation and setting: a cluster.created for a customer
 * the consumer has not seen yet is neither applied nor lost. It waits, redelivered on the consumer's backoff stretched
 * over PROVISIONING_CUSTOMER_WAIT (4 s here), and is applied once when the customer comes within the window; when it
 * never comes, each consumer dead-letters it once, at the end of the window, with the rule and the customer id in the
 * reason. The two services never disagree: both store the cluster, or neither does.
 */
const WAIT_MS = 4_000;

describe('a cluster of an unknown customer waits for it, then is applied once or dead-lettered once, by registration and app-adapter alike', () => {
  let env: TestEnvironment;
  let services: Record<string, RunningService<unknown>>;
  let nats: NatsHandles;
  /** Each consumer of cluster events: its durable, and how many rows of a cluster its service stores. */
  const consumers = {
    registration: { durable: CONSUMERS.registration.provisioning.durable, table: 'SELECT count(*) AS n FROM cluster WHERE id = $1' },
    'app-adapter': { durable: CONSUMERS.appAdapter.provisioning.durable, table: 'SELECT count(*) AS n FROM endpoint WHERE cluster_id = $1' },
  } as const;
  type Service = keyof typeof consumers;
  const both = Object.keys(consumers) as Service[];

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
  const count = async (service: Service, sql: string, params: unknown[]) => Number(((await services[service]!.dataSource.query(sql, params)) as { n: string }[])[0]!.n);
  const stored = (service: Service, clusterId: string) => count(service, consumers[service].table, [clusterId]);
  const seen = (service: Service, eventId: string) => count(service, 'SELECT count(*) AS n FROM inbox WHERE message_id = $1 AND consumer = $2', [eventId, consumers[service].durable]);
  const dlqSubject = (service: Service) => nats.subjects.qualify(`smartlic.dlq.${consumers[service].durable}`);
  const deadLetters = async (service: Service) => {
    const info = await nats.jsm.streams.info(nats.subjects.stream(STREAMS.deadLetter), { subjects_filter: '>' } as never);
    return (info.state.subjects as Record<string, number> | undefined)?.[dlqSubject(service)] ?? 0;
  };
  const consumerInfo = (service: Service) => nats.jsm.consumers.info(nats.subjects.stream(STREAMS.provisioning), consumers[service].durable);
  const settled = async () => {
    for (const service of both) {
      const info = await consumerInfo(service);
      if (info.num_pending !== 0 || info.num_ack_pending !== 0) return false;
    }
    return true;
  };

  beforeAll(async () => {
    env = await createTestEnvironment('customer-wait');
    services = await startServices(env, ['registration', 'app-adapter'], { PROVISIONING_CUSTOMER_WAIT: `${WAIT_MS}ms` });
    nats = await connectNats({ url: env.natsUrl, name: 'customer-wait-test', namespace: env.namespace });
  }, 60_000);

  afterAll(async () => {
    await nats?.nc.close();
    await stopServices(services ?? {});
    await env?.cleanup();
  });

  it('cluster.created before its customer, the customer within the window: each service applies the cluster once, nothing dead-lettered', async () => {
    const eventId = await publish(ProvisioningEvents.clusterCreated, cluster('cl-early', 'cu-late'));
    // Delivered and left waiting by both: redelivered at least once, not stored, not marked as seen.
    for (const service of both) {
      await eventually(async () => (await consumerInfo(service)).num_redelivered > 0, { what: `the cluster event redelivered to ${service}`, timeoutMs: 10_000 });
      expect(await stored(service, 'cl-early')).toBe(0);
      expect(await seen(service, eventId)).toBe(0);
    }

    await publish(ProvisioningEvents.customerCreated, { id: 'cu-late', name: 'Customer Late' });
    for (const service of both) await eventually(async () => (await stored(service, 'cl-early')) === 1, { what: `the cluster applied by ${service} once its customer exists`, timeoutMs: WAIT_MS * 2 });
    await eventually(settled, { what: 'the consumers acked everything' });
    // Past the end of the window: still applied once (one inbox entry each, one cluster.upserted), no dead letter.
    await new Promise((r) => setTimeout(r, WAIT_MS));
    for (const service of both) {
      expect(await seen(service, eventId)).toBe(1);
      expect(await deadLetters(service)).toBe(0);
    }
    expect(await count('registration', `SELECT count(*) AS n FROM outbox WHERE subject LIKE '%cluster.upserted' AND payload->'data'->>'id' = $1`, ['cl-early'])).toBe(1);
  }, 40_000);

  it('the customer never comes: exactly one dead letter per service, at the end of the window, naming the rule and the customer; nothing stored', async () => {
    const before = { registration: await deadLetters('registration'), 'app-adapter': await deadLetters('app-adapter') };
    const start = Date.now();
    const eventId = await publish(ProvisioningEvents.clusterCreated, cluster('cl-orphan', 'cu-never'));
    for (const service of both) {
      await eventually(async () => (await deadLetters(service)) === before[service] + 1, { what: `the dead letter of ${service}`, timeoutMs: WAIT_MS * 4 });
      // The delays between deliveries add up to the window: dead-lettered at its end, not at the first delivery.
      expect(Date.now() - start).toBeGreaterThanOrEqual(WAIT_MS * 0.9);
      const copy = await nats.jsm.streams.getMessage(nats.subjects.stream(STREAMS.deadLetter), { last_by_subj: dlqSubject(service) });
      expect(copy!.json<{ id: string }>().id).toBe(eventId);
      expect(copy!.header.get(DLQ_HEADERS.reason)).toMatch(/^customer-exists: customer cu-never of cluster cl-orphan does not exist/);
    }
    await eventually(settled, { what: 'the message terminated' });
    for (const service of both) {
      expect(await stored(service, 'cl-orphan')).toBe(0);
      expect(await seen(service, eventId)).toBe(0);
    }
    // Terminated for good: no second dead letter.
    await new Promise((r) => setTimeout(r, 1_500));
    for (const service of both) expect(await deadLetters(service)).toBe(before[service] + 1);
  }, 40_000);
});
