import { randomUUID } from 'node:crypto';
import { CustomTransportStrategy, Server, type MessageHandler } from '@nestjs/microservices';
import type { Msg, Subscription } from '@nats-io/nats-core';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { isObservable, lastValueFrom } from 'rxjs';
import type { Logger } from 'pino';
import { isSmartlicError, SmartlicException, type CommandDefinition } from '#libs/contracts';
import { SpanKind, withSpan } from '#libs/observability';
import { COMMAND_ERROR_CODES, type CommandReply } from './command-reply.js';
import { describeZodError } from './messaging.errors.js';
import type { NatsHandles } from './nats-connection.js';
import { extractTraceContext, injectTraceContext } from './trace-headers.js';

export interface CommandServerOptions {
  handles: NatsHandles;
  /** Queue group: every replica of the service shares the requests. */
  queue: string;
  /** Commands this service answers; handlers are `@MessagePattern(<command subject>)` methods. */
  commands: readonly CommandDefinition[];
  logger: Logger;
}

/**
 * Nest transport strategy for commands: core NATS request/reply on a queue group, subjects qualified by the
 * namespace, requests validated against the contract before the handler runs, replies as CommandReply.
 */
export class CommandServer extends Server implements CustomTransportStrategy {
  private readonly subscriptions: Subscription[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: CommandServerOptions) {
    super();
  }

  listen(callback: () => void): void {
    const { nc, subjects } = this.options.handles;
    for (const command of this.options.commands) {
      // Looked up once: Nest's lookup parses the pattern as JSON on every call.
      const handler = this.getHandlerByPattern(command.subject);
      if (!handler) throw new Error(`No @MessagePattern handler for command ${command.subject}`);
      const sub = nc.subscribe(subjects.qualify(command.subject), {
        queue: this.options.queue,
        callback: (err, msg) => {
          if (err) return this.options.logger.error({ err: err.message, subject: command.subject }, 'command subscription error');
          const task = this.handle(command, handler, msg).finally(() => this.inFlight.delete(task));
          this.inFlight.add(task);
        },
      });
      this.subscriptions.push(sub);
    }
    callback();
  }

  async close(): Promise<void> {
    // Stop taking requests, then let the ones in progress answer.
    await Promise.all(this.subscriptions.map((s) => s.drain().catch(() => undefined)));
    await Promise.all(this.inFlight);
  }

  on(): void {
    // No transport-level events to expose.
  }

  unwrap<T>(): T {
    return this.options.handles.nc as T;
  }

  private async handle(command: CommandDefinition, handler: MessageHandler, msg: Msg): Promise<void> {
    await withSpan(`${command.subject} handle`, { kind: SpanKind.SERVER, parent: extractTraceContext(msg.headers), attributes: { 'messaging.system': 'nats', 'messaging.destination.name': command.subject } }, async () => {
      const reply = await this.execute(command, handler, msg);
      if (msg.reply) msg.respond(JSON.stringify(reply), { headers: injectTraceContext(natsHeaders()) });
    });
  }

  private async execute(command: CommandDefinition, handler: MessageHandler, msg: Msg): Promise<CommandReply<unknown>> {
    let body: unknown;
    try {
      body = msg.data.length ? msg.json() : {};
    } catch {
      return { ok: false, error: { code: COMMAND_ERROR_CODES.invalidRequest, message: 'request body is not JSON' } };
    }
    const parsed = command.request.safeParse(body);
    if (!parsed.success) {
      return { ok: false, error: { code: COMMAND_ERROR_CODES.invalidRequest, message: describeZodError(parsed.error), details: { issues: parsed.error.issues } } };
    }
    try {
      let result: unknown = await handler(parsed.data);
      if (isObservable(result)) result = await lastValueFrom(result);
      return { ok: true, data: result };
    } catch (error) {
      if (error instanceof SmartlicException) return { ok: false, error: error.toJSON() };
      // A plain { code, message } object is an expected failure; an Error that merely has a `code` (a pg error such as
      // 53300 too many connections, a socket error) is not: it is reported as an internal error, not as a catalogue code.
      if (isSmartlicError(error) && !(error instanceof Error)) return { ok: false, error };
      const errorId = randomUUID();
      this.options.logger.error({ err: (error as Error).message, stack: (error as Error).stack, subject: command.subject, errorId }, 'command handler failed');
      // The caller learns that it failed and where to look, never the text of a database or driver error.
      return { ok: false, error: { code: COMMAND_ERROR_CODES.internal, message: `internal error (logged as ${errorId})`, details: { errorId } } };
    }
  }
}
