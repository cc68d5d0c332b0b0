import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { JobEvents } from '#libs/contracts';
import { installInMemoryTracing, SpanKind, withSpan } from '#libs/observability';
import { createServiceDataSource, MessagingTables1764300000000, runServiceMigrations } from '#libs/persistence';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';
import { claimInbox, claimInboxBatch, connectNats, enqueueEvent, ensureStreams, OutboxRelay, type NatsHandles } from '../index.js';

const job = { id: 'job-1', service: 'sync', jobType: 'Smart Account Sync', entityType: 'Smart Account', entityId: 'sa-1', entityName: 'sp.example.com', status: 'Succeeded', description: 'sync', statusInfo: null, errorCode: null, recommendedAction: null, initiatedAt: new Date().toISOString(), completedAt: null, correlationId: null } as const;

describe('transactional outbox', () => {
  let env: TestEnvironment;
  let ds: DataSource;
  let handles: NatsHandles;
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    env = await createTestEnvironment('outbox');
    ds = createServiceDataSource({ url: env.databaseUrl, schema: 'outbox_test', migrations: [MessagingTables1764300000000] });
    await ds.initialize();
    await runServiceMigrations(ds, 'outbox_test');
    handles = await connectNats({ url: env.natsUrl, name: 'outbox-test', namespace: env.namespace });
    await ensureStreams(handles.jsm, handles.subjects);
  });

  afterAll(async () => {
    await handles?.nc.close();
    await ds?.destroy();
    await env?.cleanup();
  });

  const streamCount = async () => (await handles.jsm.streams.info(handles.subjects.stream('SMARTLIC_EVENTS'))).state.messages;

  it('publishes an event committed before a crash, once the relay runs again', async () => {
    // The service committed its state change and the event, then died before its relay published.
    const envelope = await ds.transaction((m) => enqueueEvent(m, JobEvents.updated, job));
    expect(await streamCount()).toBe(0);

    const relay = new OutboxRelay(ds, handles.nc, handles.subjects, logger);
    expect(await relay.publishBatch()).toBe(1);
    expect(await streamCount()).toBe(1);
    const msg = await handles.jsm.streams.getMessage(handles.subjects.stream('SMARTLIC_EVENTS'), { seq: 1 });
    expect(msg!.json<{ id: string }>().id).toBe(envelope.id);
    expect(msg!.header.get('Nats-Msg-Id')).toBe(envelope.id);
  });

  it('does not publish twice when the relay died between publish and marking the row', async () => {
    const before = await streamCount();
    const envelope = await ds.transaction((m) => enqueueEvent(m, JobEvents.updated, { ...job, id: 'job-2' }));
    const relay = new OutboxRelay(ds, handles.nc, handles.subjects, logger);
    await relay.publishBatch();
    // Simulate the lost UPDATE: the row looks unpublished again.
    await ds.query('UPDATE outbox SET published_at = NULL WHERE id = $1', [envelope.id]);
    await relay.publishBatch();
    expect(await streamCount()).toBe(before + 1);
  });

  it('tells the listeners of an event once per event, not for a copy JetStream dropped as a duplicate', async () => {
    const relay = new OutboxRelay(ds, handles.nc, handles.subjects, logger);
    const seen: { id: string; status: string }[] = [];
    const unsubscribe = relay.onPublished(JobEvents.updated, (j) => seen.push({ id: j.id, status: j.status }));
    await relay.publishBatch();
    const envelope = await ds.transaction(async (m) => {
      const first = await enqueueEvent(m, JobEvents.updated, { ...job, id: 'job-6', status: 'In Progress' });
      await enqueueEvent(m, JobEvents.updated, { ...job, id: 'job-6', status: 'Failed' });
      return first;
    });
    expect(await relay.publishBatch()).toBe(2);
    expect(seen).toEqual([
      { id: 'job-6', status: 'In Progress' },
      { id: 'job-6', status: 'Failed' },
    ]);
    // The lost UPDATE again: the row goes out a second time, JetStream drops it, the listener hears nothing.
    await ds.query('UPDATE outbox SET published_at = NULL WHERE id = $1', [envelope.id]);
    expect(await relay.publishBatch()).toBe(1);
    expect(seen).toHaveLength(2);
    unsubscribe();
    await ds.transaction((m) => enqueueEvent(m, JobEvents.updated, { ...job, id: 'job-7' }));
    await relay.publishBatch();
    expect(seen).toHaveLength(2);
  });

  it('writes nothing when the business transaction rolls back', async () => {
    const before: { n: string }[] = await ds.query('SELECT count(*) AS n FROM outbox');
    await expect(
      ds.transaction(async (m) => {
        await enqueueEvent(m, JobEvents.updated, { ...job, id: 'job-3' });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const after: { n: string }[] = await ds.query('SELECT count(*) AS n FROM outbox');
    expect(after[0].n).toBe(before[0].n);
  });

  it('claims a consumed message id once per consumer: a redelivery, alone or in a batch, is not claimed again', async () => {
    expect(await ds.transaction((m) => claimInbox(m, 'consumer-a', 'msg-1'))).toBe(true);
    expect(await ds.transaction((m) => claimInbox(m, 'consumer-a', 'msg-1'))).toBe(false);
    expect(await ds.transaction((m) => claimInbox(m, 'consumer-b', 'msg-1'))).toBe(true);
    const fresh = await ds.transaction((m) => claimInboxBatch(m, 'consumer-a', ['msg-1', 'msg-2', 'msg-3']));
    expect([...fresh].sort()).toEqual(['msg-2', 'msg-3']);
    expect(await ds.transaction((m) => claimInboxBatch(m, 'consumer-a', ['msg-2', 'msg-3']))).toEqual(new Set());
  });

  it('publishes rows written in this process soon after, without waiting for its idle poll', async () => {
    const relay = new OutboxRelay(ds, handles.nc, handles.subjects, logger, { idleDelayMs: 600_000 });
    relay.start();
    try {
      // Its first pass finds nothing; it would now sleep ten minutes, unless told that rows were written.
      await new Promise((r) => setTimeout(r, 200));
      const before = await streamCount();
      await ds.transaction((m) => enqueueEvent(m, JobEvents.updated, { ...job, id: 'job-4' }));
      await eventually(async () => (await streamCount()) === before + 1, { timeoutMs: 5_000, what: 'the event published' });
    } finally {
      await relay.stop();
    }
  });

  it('publishes a row whose transaction commits well after it was written (no lost wake-up)', async () => {
    const relay = new OutboxRelay(ds, handles.nc, handles.subjects, logger, { idleDelayMs: 600_000 });
    relay.start();
    try {
      await new Promise((r) => setTimeout(r, 200));
      const before = await streamCount();
      // The relay is told at the INSERT; its next passes run before the commit and find nothing.
      await ds.transaction(async (m) => {
        await enqueueEvent(m, JobEvents.updated, { ...job, id: 'job-5' });
        await new Promise((r) => setTimeout(r, 400));
      });
      await eventually(async () => (await streamCount()) === before + 1, { timeoutMs: 5_000, what: 'the late-committed event published' });
    } finally {
      await relay.stop();
    }
  });

  it('publishes in a PRODUCER span named by subject, child of the span that wrote the row, and hands it to consumers', async () => {
    const spans = installInMemoryTracing('outbox-spec');
    const stream = handles.subjects.stream('SMARTLIC_EVENTS');
    const relay = new OutboxRelay(ds, handles.nc, handles.subjects, logger);
    const writer = await withSpan('assign cluster', {}, async (span) => {
      await ds.transaction((m) => enqueueEvent(m, JobEvents.updated, { ...job, id: 'job-traced' }));
      return span.spanContext();
    });
    expect(await relay.publishBatch()).toBe(1);
    const publish = spans.getFinishedSpans().find((s) => s.name === `${JobEvents.updated.subject} publish`);
    expect(publish).toMatchObject({ kind: SpanKind.PRODUCER, attributes: expect.objectContaining({ 'messaging.destination.name': JobEvents.updated.subject }) });
    expect(publish!.spanContext().traceId).toBe(writer.traceId);
    expect(publish!.parentSpanContext?.spanId).toBe(writer.spanId);
    // The message carries the publish span: the consumers' spans are its children.
    const { last_seq } = (await handles.jsm.streams.info(stream)).state;
    const msg = await handles.jsm.streams.getMessage(stream, { seq: last_seq });
    expect(msg!.header.get('traceparent')).toBe(`00-${writer.traceId}-${publish!.spanContext().spanId}-01`);

    // A row written outside any trace is published as it is, without a span.
    spans.reset();
    await ds.transaction((m) => enqueueEvent(m, JobEvents.updated, { ...job, id: 'job-untraced' }));
    expect(await relay.publishBatch()).toBe(1);
    expect(spans.getFinishedSpans().filter((s) => s.kind === SpanKind.PRODUCER)).toEqual([]);
    const untraced = await handles.jsm.streams.getMessage(stream, { seq: (await handles.jsm.streams.info(stream)).state.last_seq });
    expect(untraced!.header.get('traceparent')).toBe('');
  });
});
