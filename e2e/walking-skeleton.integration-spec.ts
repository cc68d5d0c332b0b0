import { randomUUID } from 'node:crypto';
import { context, trace } from '@opentelemetry/api';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { installInMemoryTracing, tracer } from '#libs/observability';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';
import { DLQ_HEADERS, injectTraceContext } from '#libs/messaging';
import { startServices, stopServices, testToken } from './support/start-services.js';

/**
 * The walking skeleton: an external system publishes a cluster with the raw NATS client; registration stores it
 * through its durable consumer; the gateway lists it and reaches app-adapter by request/reply; one trace.
 */
describe('walking skeleton through the services', () => {
  let exporter: InMemorySpanExporter;
  let env: TestEnvironment;
  let services: Awaited<ReturnType<typeof startServices>>;
  let nc: NatsConnection;
  let token: string;

  const clusterEvent = (overrides: Record<string, unknown> = {}, id = randomUUID()) => ({
    id,
    type: 'hcs.provisioning.cluster.created',
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
    correlationId: id,
    data: {
      id: 'cl-cucm-1',
      customerId: 'cust-1',
      name: 'CUCM Customer One',
      type: 'cucm',
      version: '14.0.1',
      nodes: [
        { hostname: 'cucm-pub', address: '10.0.0.10', publisher: true },
        { hostname: 'cucm-sub', address: '10.0.0.11', publisher: false },
      ],
      credentials: { admin: { username: 'admin', password: 'admin-secret' }, platform: { username: 'os', password: 'platform-secret' } },
      ...overrides,
    },
  });

  const publish = async (subject: string, body: unknown, msgID?: string) => {
    const js = jetstream(nc);
    const h = injectTraceContext(natsHeaders());
    return js.publish(`${env.namespace}.${subject}`, JSON.stringify(body), { headers: h, msgID });
  };

  const api = (path: string, init: RequestInit & { traceparent?: string } = {}) =>
    fetch(`${services.gateway.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.traceparent ? { traceparent: init.traceparent } : {}), ...(init.headers ?? {}) } });

  beforeAll(async () => {
    exporter = installInMemoryTracing();
    env = await createTestEnvironment('skeleton');
    services = await startServices(env, ['registration', 'app-adapter', 'gateway']);
    nc = await connect({ servers: env.natsUrl });
    token = await testToken(['viewer']);
    // The clusters' customer first: a cluster of an unknown customer waits for it (the customer-exists rule).
    const customerId = randomUUID();
    await publish('hcs.provisioning.v1.customer.created', { id: customerId, type: 'hcs.provisioning.customer.created', schemaVersion: 1, occurredAt: new Date().toISOString(), correlationId: customerId, data: { id: 'cust-1', name: 'Customer One' } });
  });

  afterAll(async () => {
    await nc?.close();
    await stopServices(services ?? {});
    await env?.cleanup();
  });

  it('stores a published cluster, lists it, reaches app-adapter, all in one trace', async () => {
    const root = tracer().startSpan('provisioning system: create cluster');
    const rootCtx = trace.setSpan(context.active(), root);
    const traceId = root.spanContext().traceId;
    const traceparent = `00-${traceId}-${root.spanContext().spanId}-01`;

    await context.with(rootCtx, () => publish('hcs.provisioning.v1.cluster.created', clusterEvent()));

    const listed = await eventually(
      async () => {
        const res = await api('/api/v1/clusters', { traceparent });
        const body = (await res.json()) as { total: number; items: { id: string; eligible: boolean; publisher: string }[] };
        return body.total === 1 ? body : undefined;
      },
      { what: 'the cluster in GET /api/v1/clusters' },
    );
    expect(listed.items[0]).toMatchObject({ id: 'cl-cucm-1', eligible: true, publisher: 'cucm-pub' });

    const agent = await eventually(async () => {
      const res = await api('/api/v1/clusters/cl-cucm-1/smart-agent', { traceparent });
      const body = (await res.json()) as { known: boolean; registrationStatus: string; applicationType: string };
      return res.status === 200 && body.known ? body : undefined;
    });
    expect(agent).toMatchObject({ registrationStatus: 'unknown', applicationType: 'cucm', known: true });
    root.end();

    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    const names = spans.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'provisioning system: create cluster',
        'hcs.provisioning.v1.cluster.created process', // registration's and app-adapter's consumers
        'GET /api/v1/clusters',
        'smartlic.cmd.registration.v1.cluster.list handle',
        'GET /api/v1/clusters/:id/smart-agent', // the route template, not the path
        'smartlic.cmd.caa.v1.cucm.status send',
        'smartlic.cmd.caa.v1.cucm.status handle',
      ]),
    );
    const consumers = spans.filter((s) => s.name === 'hcs.provisioning.v1.cluster.created process').map((s) => s.attributes['messaging.consumer.group.name']);
    expect(consumers).toEqual(expect.arrayContaining(['registration__provisioning', 'app-adapter__provisioning']));
  });

  it('terminates a poison event, copies it to the dead-letter stream with the reason, and writes nothing', async () => {
    const poison = clusterEvent({ id: 'cl-poison', type: 'pbx' });
    await publish('hcs.provisioning.v1.cluster.created', poison);
    const jsm = await jetstreamManager(nc);
    const dead = await eventually(async () => {
      try {
        // null while the dead letter is not there yet (nats.js answers null for a missing message).
        return (await jsm.streams.getMessage(`${env.namespace}_SMARTLIC_DLQ`, { last_by_subj: `${env.namespace}.smartlic.dlq.registration__provisioning` })) ?? undefined;
      } catch {
        return undefined;
      }
    }, { what: 'the dead letter' });
    expect(dead!.header.get(DLQ_HEADERS.reason)).toMatch(/schema violation: data\.type/);
    expect(dead!.json<{ id: string }>().id).toBe(poison.id);
    const res = await api('/api/v1/clusters/cl-poison');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('applies a redelivered event once', async () => {
    const event = clusterEvent({ id: 'cl-redelivered', name: 'first' });
    await publish('hcs.provisioning.v1.cluster.created', event, `first-${event.id}`);
    await eventually(async () => (await api('/api/v1/clusters/cl-redelivered')).status === 200, { what: 'first event applied' });
    const update = { ...clusterEvent({ id: 'cl-redelivered', name: 'second' }), type: 'hcs.provisioning.cluster.updated', occurredAt: new Date(Date.now() + 1000).toISOString() };
    await publish('hcs.provisioning.v1.cluster.updated', update);
    await eventually(async () => ((await (await api('/api/v1/clusters/cl-redelivered')).json()) as { name: string }).name === 'second', { what: 'update applied' });
    // The first event again (a producer retry past the duplicate window, or a redelivery): no effect.
    await publish('hcs.provisioning.v1.cluster.created', { ...event, occurredAt: new Date(Date.now() + 5000).toISOString() }, `retry-${event.id}`);
    // Both deliveries were processed by registration's consumer (its CONSUMER spans carry the message id).
    await eventually(() => {
      const deliveries = exporter
        .getFinishedSpans()
        .filter((s) => s.attributes['messaging.consumer.group.name'] === 'registration__provisioning' && s.attributes['messaging.message.id'] === event.id);
      return deliveries.length >= 2;
    }, { what: 'the retry consumed' });
    const inbox: { n: string }[] = await services.registration.dataSource.query('SELECT count(*) AS n FROM inbox WHERE message_id = $1', [event.id]);
    expect(Number(inbox[0].n)).toBe(1);
    const body = (await (await api('/api/v1/clusters/cl-redelivered')).json()) as { name: string };
    expect(body.name).toBe('second');
  });
});
