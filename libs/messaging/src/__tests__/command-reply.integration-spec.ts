import type { Subscription } from '@nats-io/nats-core';
import { z } from 'zod';
import { commandSubject, defineCommand } from '#libs/contracts';
import { createTestEnvironment, type TestEnvironment } from '#libs/testing';
import { CommandClient, CommandFailedError, connectNats, ContractViolationError, type NatsHandles } from '../index.js';

// A command of this spec's own, answered by a bare NATS responder that replies whatever the test says: the client is
// what is under test, so the responder must be able to break the contract.
const getThing = defineCommand({
  subject: commandSubject('reply-check', 'thing', 'get'),
  service: 'reply-check',
  request: z.object({ id: z.string() }),
  response: z.object({
    id: z.string(),
    count: z.number().int(),
    tags: z.array(z.object({ name: z.string() })),
    archived: z.boolean().default(false),
  }),
  timeoutMs: 5_000,
  summary: 'A thing, for the reply-validation spec',
});

describe('command replies checked against their contract', () => {
  let env: TestEnvironment;
  let handles: NatsHandles;
  let responder: Subscription;
  let nextReply: string;

  beforeAll(async () => {
    env = await createTestEnvironment('replies');
    handles = await connectNats({ url: env.natsUrl, name: 'reply-check', namespace: env.namespace });
    responder = handles.nc.subscribe(handles.subjects.qualify(getThing.subject), { callback: (_err, msg) => void msg.respond(nextReply) });
  });

  afterAll(async () => {
    responder?.unsubscribe();
    await handles?.nc.close();
    await env?.cleanup();
  });

  const answering = (reply: unknown) => {
    nextReply = typeof reply === 'string' ? reply : JSON.stringify(reply);
  };
  const failureOf = async (call: Promise<unknown>): Promise<ContractViolationError> => {
    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ContractViolationError);
    return error as ContractViolationError;
  };

  it('returns a reply that matches, parsed by the response schema (its defaults applied)', async () => {
    answering({ ok: true, data: { id: 't-1', count: 3, tags: [{ name: 'a' }], extra: 'dropped' } });
    expect(await new CommandClient(handles).request(getThing, { id: 't-1' })).toEqual({ id: 't-1', count: 3, tags: [{ name: 'a' }], archived: false });
  });

  it('turns a reply whose data breaks the response schema into an error naming the command and every field', async () => {
    answering({ ok: true, data: { id: 't-1', count: '3', tags: [{ name: 'a' }, { label: 'b' }] } });
    const error = await failureOf(new CommandClient(handles).request(getThing, { id: 't-1' }));
    expect(error.subject).toBe(getThing.subject);
    expect(error.message).toMatch(/^The reply of smartlic\.cmd\.reply-check\.v1\.thing\.get does not match its contract: /);
    expect(error.message).toContain('data.count: ');
    expect(error.message).toContain('data.tags.1.name: ');
    expect(error.issues.map((i) => i.path.join('.'))).toEqual(['data.count', 'data.tags.1.name']);
  });

  it('checks the reply of send() too, not only of request()', async () => {
    answering({ ok: true, data: { id: 't-1', tags: [] } });
    const error = await failureOf(new CommandClient(handles).send(getThing, { id: 't-1' }));
    expect(error.message).toContain('data.count: ');
  });

  it('refuses a reply that is not a command reply at all', async () => {
    answering({ id: 't-1', count: 3, tags: [] });
    expect((await failureOf(new CommandClient(handles).request(getThing, { id: 't-1' }))).message).toContain(': ok: expected a reply { ok: true, data } or { ok: false, error }');
    answering('not json {');
    expect((await failureOf(new CommandClient(handles).request(getThing, { id: 't-1' }))).message).toContain('(root): the reply is not JSON');
  });

  it('refuses a failure without the error shape, and passes a proper failure on as CommandFailedError', async () => {
    answering({ ok: false, error: { message: 'no code' } });
    expect((await failureOf(new CommandClient(handles).request(getThing, { id: 't-1' }))).message).toContain(': error: expected an error { code, message }');
    answering({ ok: false, error: { code: 'NOT_FOUND', message: 'Thing t-9 does not exist' } });
    await expect(new CommandClient(handles).request(getThing, { id: 't-9' })).rejects.toEqual(new CommandFailedError(getThing.subject, { code: 'NOT_FOUND', message: 'Thing t-9 does not exist' }));
  });

  it('types the request and the reply by the command (a wrong request does not compile, and is refused before sending)', async () => {
    answering({ ok: true, data: { id: 't-1', count: 3, tags: [] } });
    const thing = await new CommandClient(handles).request(getThing, { id: 't-1' });
    const archived: boolean = thing.archived;
    // @ts-expect-error the reply has no such field
    expect(thing.owner).toBeUndefined();
    expect(archived).toBe(false);
    // @ts-expect-error id is a string
    await expect(new CommandClient(handles).request(getThing, { id: 1 })).rejects.toThrow(/id/);
  });

  it('passes the reply through unchecked when validation is off (production with COMMAND_REPLY_VALIDATION=false)', async () => {
    answering({ ok: true, data: { id: 't-1', count: '3' } });
    expect(await new CommandClient(handles, { validateReplies: false }).request(getThing, { id: 't-1' })).toEqual({ id: 't-1', count: '3' });
  });
});
