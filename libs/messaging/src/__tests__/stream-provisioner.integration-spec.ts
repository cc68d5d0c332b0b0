import { nanos } from '@nats-io/nats-core';
import { RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { defineConsumer, PROVISIONING_MAX_MESSAGE_BYTES, PROVISIONING_ROOT, STREAMS } from '#libs/contracts';
import { createTestEnvironment, type TestEnvironment } from '#libs/testing';
import { connectNats, ensureConsumer, ensureStreams, SPARE_DELIVERIES, type NatsHandles } from '../index.js';

describe('streams and consumers as the contracts define them', () => {
  let env: TestEnvironment;
  let nats: NatsHandles;

  beforeAll(async () => {
    env = await createTestEnvironment('provisioner');
    nats = await connectNats({ url: env.natsUrl, name: 'provisioner-test', namespace: env.namespace });
  });

  afterAll(async () => {
    await nats?.nc.close();
    await env?.cleanup();
  });

  it('a PROVISIONING stream of an older release (no message size limit) gets the contract limit', async () => {
    const name = nats.subjects.stream(STREAMS.provisioning);
    await nats.jsm.streams.add({ name, subjects: [nats.subjects.qualify(`${PROVISIONING_ROOT}.>`)], retention: RetentionPolicy.Limits, storage: StorageType.File, max_age: nanos(60_000) });
    expect((await nats.jsm.streams.info(name)).config.max_msg_size).toBe(-1);
    await ensureStreams(nats.jsm, nats.subjects);
    expect((await nats.jsm.streams.info(name)).config.max_msg_size).toBe(PROVISIONING_MAX_MESSAGE_BYTES);
  });

  it('a durable consumer allows its spare deliveries beyond its own last one, on creation and on update', async () => {
    const def = defineConsumer({ stream: STREAMS.provisioning, durable: 'provisioner-test__spare', filterSubject: `${PROVISIONING_ROOT}.customer.>`, maxDeliver: 3 });
    const { stream, durable } = await ensureConsumer(nats.jsm, nats.subjects, def);
    expect((await nats.jsm.consumers.info(stream, durable)).config.max_deliver).toBe(3 + SPARE_DELIVERIES);
    await ensureConsumer(nats.jsm, nats.subjects, { ...def, maxDeliver: 5 });
    expect((await nats.jsm.consumers.info(stream, durable)).config.max_deliver).toBe(5 + SPARE_DELIVERIES);
  });
});
