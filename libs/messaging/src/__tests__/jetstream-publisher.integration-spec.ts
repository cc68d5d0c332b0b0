import { headers as natsHeaders } from '@nats-io/nats-core';
import { JobEvents } from '#libs/contracts';
import { createTestEnvironment, type TestEnvironment } from '#libs/testing';
import { connectNats, ensureStreams, JetStreamPublisher, type NatsHandles } from '../index.js';

describe('JetStreamPublisher (bulk acknowledged publish)', () => {
  let env: TestEnvironment;
  let handles: NatsHandles;
  let publisher: JetStreamPublisher;

  beforeAll(async () => {
    env = await createTestEnvironment('jspublisher');
    handles = await connectNats({ url: env.natsUrl, name: 'jetstream-publisher-test', namespace: env.namespace });
    await ensureStreams(handles.jsm, handles.subjects);
    publisher = new JetStreamPublisher(handles.nc);
  });

  afterAll(async () => {
    publisher?.close();
    await handles?.nc.close();
    await env?.cleanup();
  });

  const message = (subject: string, id: string, body = '{}') => {
    const headers = natsHeaders();
    headers.set('Nats-Msg-Id', id);
    return { subject: handles.subjects.qualify(subject), payload: body, headers };
  };
  const stream = () => handles.subjects.stream('SMARTLIC_EVENTS');

  it('settles every message with its own ack, in order, and reports a repeated Nats-Msg-Id as a duplicate', async () => {
    const first = await publisher.publishAll([1, 2, 3].map((i) => message(JobEvents.updated.subject, `m-${i}`, `{"n":${i}}`)), 5_000);
    expect(first.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    const acks = first.map((r) => (r as PromiseFulfilledResult<{ seq: number; duplicate: boolean; stream: string }>).value);
    expect(acks.map((a) => a.duplicate)).toEqual([false, false, false]);
    expect(acks[1].seq).toBe(acks[0].seq + 1);
    expect(acks[0].stream).toBe(stream());
    const stored = await handles.jsm.streams.getMessage(stream(), { seq: acks[2].seq });
    expect(stored!.json()).toEqual({ n: 3 });
    expect(stored!.header.get('Nats-Msg-Id')).toBe('m-3');

    const again = await publisher.publishAll([message(JobEvents.updated.subject, 'm-2')], 5_000);
    expect(again[0]).toMatchObject({ status: 'fulfilled', value: { duplicate: true, seq: acks[1].seq } });
  });

  it('fails a message no stream captures (no responders), and only that one', async () => {
    const results = await publisher.publishAll([message('smartlic.nostream.v1.nothing', 'x-1'), message(JobEvents.updated.subject, 'x-2')], 5_000);
    expect(results[0]).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: expect.stringMatching(/no stream/) }) });
    expect(results[1].status).toBe('fulfilled');
  });

  it('fails what was not acknowledged in time, and ignores an ack arriving later', async () => {
    // Nothing answers on this subject's reply, and the 503 of a subject without subscribers is not sent for a core
    // subscription that takes it: a subscriber that never replies stands for JetStream not answering.
    const silent = handles.nc.subscribe(handles.subjects.qualify('smartlic.silent.v1.x'), { callback: () => undefined });
    const results = await publisher.publishAll([message('smartlic.silent.v1.x', 'late-1')], 200);
    expect(results[0]).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: expect.stringMatching(/no JetStream ack within 200 ms/) }) });
    silent.unsubscribe();
  });
});
