import { errors as natsErrors, headers as natsHeaders, type NatsConnection } from '@nats-io/nats-core';
import type { CommandDefinition, CommandRequest, CommandResponse } from '#libs/contracts';
import { SpanKind, withSpan } from '#libs/observability';
import { checkReply, type CommandReply } from './command-reply.js';
import { CommandFailedError, ContractViolationError, NoRespondersError, ReplyLostError, RequestTimeoutError } from './messaging.errors.js';
import type { NatsHandles } from './nats-connection.js';
import { injectTraceContext } from './trace-headers.js';

/**
 * Runs `send` (a nats.js request, synchronous up to the promise it returns) with V8 capturing no stack frames for the
 * errors created meanwhile. nats.js builds a RequestError and a TimeoutError up front for every request (its "async
 * traces": a later failure shows where the request was made). Nothing reads them here: every failure becomes one of
 * this client's errors, named by subject. The connection-wide `noAsyncTraces` also changes which errors a failed
 * request carries (an e2e scenario broke on it once); this changes nothing but stacks nobody reads.
 */
const withoutRequestStacks = <T>(send: () => T): T => {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return send();
  } finally {
    Error.stackTraceLimit = limit;
  }
};

/** The requests waiting for a reply on each connection, told when it disconnects (one status watcher per connection). */
const waiting = new WeakMap<NatsConnection, Set<() => void>>();

const waitersOf = (nc: NatsConnection): Set<() => void> => {
  let set = waiting.get(nc);
  if (set) return set;
  set = new Set();
  waiting.set(nc, set);
  const waiters = set;
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type !== 'disconnect') continue;
      for (const lost of [...waiters]) lost();
    }
  })().catch(() => undefined);
  return set;
};

/** `request` with its reply given up the moment the connection breaks (ReplyLostError), not at its timeout. */
const requestUnlessDisconnected = <T>(nc: NatsConnection, request: Promise<T>, lostError: () => Error): Promise<T> => {
  const waiters = waitersOf(nc);
  let lost!: () => void;
  const disconnected = new Promise<never>((_, reject) => (lost = () => reject(lostError())));
  waiters.add(lost);
  return Promise.race([request, disconnected]).finally(() => waiters.delete(lost));
};

export interface CommandClientOptions {
  /**
   * Check every reply against the command's response schema (checkReply): true unless a production service's
   * configuration turns it off (COMMAND_REPLY_VALIDATION, see startService). Tests and development always check.
   */
  validateReplies?: boolean;
}

/**
 * Sends commands: validates the request against the contract, carries the trace context, checks the reply against
 * the contract, and turns the two transport outcomes HCM-F calls "JMS timeout" into typed errors
 * (NoRespondersError, RequestTimeoutError).
 */
export class CommandClient {
  private readonly validateReplies: boolean;

  constructor(
    private readonly handles: NatsHandles,
    options: CommandClientOptions = {},
  ) {
    this.validateReplies = options.validateReplies ?? true;
  }

  /**
   * The reply as data: `{ ok: false, error }` for an expected failure of the responder. A reply that does not match
   * the contract is thrown as ContractViolationError (when replies are validated).
   */
  async send<C extends CommandDefinition>(command: C, request: CommandRequest<C>, options: { timeoutMs?: number } = {}): Promise<CommandReply<CommandResponse<C>>> {
    const body = command.request.parse(request);
    const timeout = options.timeoutMs ?? command.timeoutMs;
    return withSpan(`${command.subject} send`, { kind: SpanKind.CLIENT, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': command.subject } }, async () => {
      const subject = this.handles.subjects.qualify(command.subject);
      let msg;
      try {
        const payload = JSON.stringify(body);
        const headers = injectTraceContext(natsHeaders());
        const request = withoutRequestStacks(() => this.handles.nc.request(subject, payload, { timeout, headers }));
        // The request's own failure (its timeout) after a ReplyLostError won the race is expected: nobody waits for it.
        request.catch(() => undefined);
        msg = await requestUnlessDisconnected(this.handles.nc, request, () => new ReplyLostError(command.subject, timeout));
      } catch (error) {
        if (error instanceof ReplyLostError) throw error;
        if (error instanceof natsErrors.NoRespondersError || (error as Error).name === 'NoRespondersError') throw new NoRespondersError(command.subject);
        if (error instanceof natsErrors.TimeoutError || (error as Error).name === 'TimeoutError') throw new RequestTimeoutError(command.subject, timeout);
        if (error instanceof natsErrors.RequestError) {
          const cause = (error as Error & { cause?: Error }).cause;
          if (cause?.name === 'NoRespondersError' || /no responders/i.test(error.message)) throw new NoRespondersError(command.subject);
          if (cause?.name === 'TimeoutError' || /timeout/i.test(error.message)) throw new RequestTimeoutError(command.subject, timeout);
        }
        throw error;
      }
      // Outside the try: a reply that breaks the contract is not a transport error.
      let reply: unknown;
      try {
        reply = msg.json();
      } catch {
        throw new ContractViolationError(command.subject, 'reply', [], '(root): the reply is not JSON');
      }
      return this.validateReplies ? checkReply(command, reply) : (reply as CommandReply<CommandResponse<C>>);
    });
  }

  /** The reply's data; an expected failure is thrown as CommandFailedError carrying the catalogue error. */
  async request<C extends CommandDefinition>(command: C, request: CommandRequest<C>, options: { timeoutMs?: number } = {}): Promise<CommandResponse<C>> {
    const reply = await this.send(command, request, options);
    if (!reply.ok) throw new CommandFailedError(command.subject, reply.error);
    return reply.data;
  }
}
