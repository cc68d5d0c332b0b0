import { CaaCommands } from '#libs/contracts';
import { eventually, startPrivateNats, type PrivateNats } from '#libs/testing';
import { CommandClient, connectNats, ReplyLostError, RequestTimeoutError, type NatsHandles } from '../index.js';

// A private nats-server (its own process), so the test can stop it under a waiting request.
describe('a command whose reply is lost with the NATS connection', () => {
  let nats: PrivateNats;
  let requester: NatsHandles;
  let responder: NatsHandles;

  beforeAll(async () => {
    nats = await startPrivateNats({ label: 'reply-lost' });
    requester = await connectNats({ url: nats.url, name: 'reply-lost-requester', namespace: 'RL' });
    responder = await connectNats({ url: nats.url, name: 'reply-lost-responder', namespace: 'RL' });
  }, 30_000);

  afterAll(async () => {
    await requester?.nc.close();
    await responder?.nc.close();
    await nats?.close();
  });

  it('fails at once with ReplyLostError (a RequestTimeoutError) instead of after its whole timeout, and the next command is answered', async () => {
    const command = CaaCommands.status('cucm');
    const subject = requester.subjects.qualify(command.subject);
    // A responder that takes the request and never answers (a long operation, or one whose process froze).
    responder.nc.subscribe(subject, { callback: () => undefined });
    await responder.nc.flush();
    const client = new CommandClient(requester);
    const started = Date.now();
    const pending = client.send(command, { clusterId: 'cl-1' }, { timeoutMs: 60_000 });
    const outcome = pending.then(() => undefined, (error: unknown) => error);
    await new Promise((r) => setTimeout(r, 300));
    await nats.nodes[0]!.stop();
    const error = await outcome;
    expect(error).toBeInstanceOf(ReplyLostError);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(Date.now() - started).toBeLessThan(10_000);

    await nats.nodes[0]!.start();
    // Both clients reconnect on their own (connectNats retries forever).
    for (const handles of [responder, requester]) await eventually(() => handles.nc.flush().then(() => true), { timeoutMs: 20_000, intervalMs: 200, what: 'reconnected' });
    responder.nc.subscribe(requester.subjects.qualify(CaaCommands.status('cuc').subject), { callback: (_e, msg) => void msg.respond(JSON.stringify({ ok: false, error: { code: 'CAA1003', message: 'unknown' } })) });
    await responder.nc.flush();
    const reply = await client.send(CaaCommands.status('cuc'), { clusterId: 'cl-1' }, { timeoutMs: 10_000 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'CAA1003' } });
  }, 60_000);
});
