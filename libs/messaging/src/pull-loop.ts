import { createInbox, nanos, type Msg, type MsgHdrs, type NatsConnection, type Subscription } from '@nats-io/nats-core';
import type { DeliveryInfo, JsMsg, PullOptions } from '@nats-io/jetstream';
import type { Logger } from 'pino';

/**
 * A durable pull consumer's own pull loop, bounded by count AND bytes in flight. nats.js 3.4's consume() takes
 * max_messages or max_bytes, never both, and its byte accounting stalled a large message behind small ones (see the
 * note at the end of jetstream.server.ts); this loop sends the JetStream API's pull requests itself.
 *
 * Wire format (NATS docs, JetStream API reference, "Get Next Message"; ADR-13 and ADR-37 of nats-architecture-and-
 * design): a request on `$JS.API.CONSUMER.MSG.NEXT.<stream>.<consumer>` with `{batch, max_bytes, expires,
 * idle_heartbeat}` (durations in nanoseconds), the reply subject being where the server delivers the messages.
 * Status messages (empty body, a status line in the headers) on the same subject:
 * - 100 Idle Heartbeat: the request is alive;
 * - 404 No Messages, 408 Request Timeout: the request is over (expired);
 * - 409 Message Size Exceeds MaxBytes: over; the next message does not fit the bytes the request allowed;
 * - 409 others (Consumer Deleted, Exceeded MaxWaiting, Leadership Change, ...), 503 No Responders: over, retried
 *   after a pause.
 * A request also ends, with no status, once it delivered `batch` messages. Every request has its own reply subject
 * (one wildcard subscription), so a late status of an abandoned request never ends the current one; messages (which
 * arrive with their stream subject) of an abandoned request are still delivered and counted.
 *
 * In flight = delivered and not yet acked, nak'd or terminated (`+WPI` does not end it): at most `maxMessages`
 * messages and `maxBytes` bytes, but for one message larger than `maxBytes`, which is pulled alone once nothing else
 * is in flight. Works on nats-server 2.9 (max_bytes in pull requests exists since 2.8).
 */
export interface PullLoopOptions {
  nc: NatsConnection;
  /** Stream name as the server knows it (namespace included). */
  stream: string;
  durable: string;
  maxMessages: number;
  maxBytes: number;
  /** The connection's inbox prefix (per-user permissions allow replies there only). */
  inboxPrefix?: string;
  /** How long one pull request waits on the server. */
  expiresMs?: number;
  /** The server's idle heartbeat while a request waits; a request silent for two of them is re-sent. */
  heartbeatMs?: number;
  logger?: Logger;
}

type Pending = { token: string; batch: number; received: number; maxBytes?: number; done: () => void; sizeExceeded: boolean; lastSeen: number };

export class PullLoop implements AsyncIterable<JsMsg> {
  private readonly queue: JsMsg[] = [];
  private wakeReader?: () => void;
  private wakePuller?: () => void;
  private stopped = false;
  private sub?: Subscription;
  private current?: Pending;
  private inFlightMessages = 0;
  private inFlightBytes = 0;
  private maxSeenBytes = 0;
  private requests = 0;
  private readonly prefix: string;
  private readonly expiresMs: number;
  private readonly heartbeatMs: number;
  private puller?: Promise<void>;

  constructor(private readonly options: PullLoopOptions) {
    this.prefix = createInbox(options.inboxPrefix);
    this.expiresMs = options.expiresMs ?? 30_000;
    this.heartbeatMs = options.heartbeatMs ?? Math.min(5_000, Math.max(500, Math.floor(this.expiresMs / 4)));
  }

  /** Messages and bytes delivered and not settled yet; `peakBytes` the most ever in flight (for tests and metrics). */
  get inFlight(): { messages: number; bytes: number; peakBytes: number; requests: number } {
    return { messages: this.inFlightMessages, bytes: this.inFlightBytes, peakBytes: this.maxSeenBytes, requests: this.requests };
  }

  start(): this {
    this.sub = this.options.nc.subscribe(`${this.prefix}.*`, { callback: (error, msg) => (error ? this.options.logger?.warn({ err: error.message }, 'pull subscription error') : this.onMessage(msg)) });
    // A reconnect loses the request the server held: pull again at once rather than after two silent heartbeats.
    void (async () => {
      for await (const status of this.options.nc.status()) {
        if (this.stopped) break;
        if (status.type === 'reconnect') this.current?.done();
      }
    })().catch(() => undefined);
    this.puller = this.pull().catch((error: Error) => this.options.logger?.error({ err: error.message, consumer: this.options.durable }, 'pull loop ended'));
    return this;
  }

  /** Ends the loop: no more pulls; messages delivered but not handed out yet are nak'd (redelivered at once). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.current?.done();
    this.wakePuller?.();
    this.wakeReader?.();
    // On a connection already closed (a crash) there is nothing to unsubscribe or nak: the server redelivers anyway.
    try {
      this.sub?.unsubscribe();
      for (const msg of this.queue.splice(0)) msg.nak();
    } catch {
      this.queue.length = 0;
    }
    await this.puller;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<JsMsg> {
    for (;;) {
      const msg = this.queue.shift();
      if (msg) {
        yield msg;
        continue;
      }
      if (this.stopped) return;
      await new Promise<void>((resolve) => (this.wakeReader = resolve));
      this.wakeReader = undefined;
    }
  }

  private onMessage(msg: Msg): void {
    const status = statusOf(msg);
    // A status arrives on its request's reply subject; a message keeps its stream subject, so it counts against the
    // current request (the server holds one request of ours at a time but for one given up as silent).
    const pending = status === undefined || (this.current && msg.subject === `${this.prefix}.${this.current.token}`) ? this.current : undefined;
    if (status !== undefined) {
      if (!pending) return;
      if (status.code === 100) {
        pending.lastSeen = Date.now();
        return;
      }
      if (status.code === 409 && /message size exceeds maxbytes/i.test(status.description)) pending.sizeExceeded = true;
      else if (status.code !== 404 && status.code !== 408) this.options.logger?.warn({ consumer: this.options.durable, code: status.code, description: status.description }, 'pull request ended');
      (pending as Pending & { status?: number }).status = status.code;
      pending.done();
      return;
    }
    const size = sizeOf(msg);
    this.inFlightMessages++;
    this.inFlightBytes += size;
    this.maxSeenBytes = Math.max(this.maxSeenBytes, this.inFlightBytes);
    const jsMsg = new PulledMessage(this.options.nc, msg, () => this.settle(size));
    if (this.stopped) {
      jsMsg.nak();
      return;
    }
    this.queue.push(jsMsg);
    this.wakeReader?.();
    if (pending) {
      pending.lastSeen = Date.now();
      if (++pending.received >= pending.batch) pending.done();
    }
  }

  private settle(size: number): void {
    this.inFlightMessages--;
    this.inFlightBytes -= size;
    this.wakePuller?.();
  }

  /** Resolves once the budget has room for a worthwhile pull: a quarter of the messages and of the bytes, or nothing in flight. */
  private async room(all = false): Promise<void> {
    const enough = () =>
      this.stopped ||
      this.inFlightMessages === 0 ||
      (!all && this.options.maxMessages - this.inFlightMessages >= Math.max(1, Math.floor(this.options.maxMessages / 4)) && this.options.maxBytes - this.inFlightBytes >= Math.floor(this.options.maxBytes / 4));
    while (!enough()) {
      await new Promise<void>((resolve) => (this.wakePuller = resolve));
      this.wakePuller = undefined;
    }
  }

  private async pull(): Promise<void> {
    let alone = false;
    let pause = 0;
    while (!this.stopped) {
      if (pause > 0) await sleep(pause, () => this.stopped);
      pause = 0;
      // A message larger than the free bytes: pull it alone once nothing else is in flight (bounded by one message).
      await this.room(alone);
      if (this.stopped) break;
      const free = { batch: Math.max(1, this.options.maxMessages - this.inFlightMessages), bytes: Math.max(1, this.options.maxBytes - this.inFlightBytes) };
      const unbounded = alone && this.inFlightMessages === 0 && free.bytes >= this.options.maxBytes;
      const request: Partial<Record<string, number>> = {
        batch: unbounded ? 1 : free.batch,
        expires: nanos(this.expiresMs),
        idle_heartbeat: nanos(this.heartbeatMs),
        ...(unbounded ? {} : { max_bytes: free.bytes }),
      };
      const token = String(++this.requests);
      const outcome = await new Promise<Pending & { status?: number }>((resolve) => {
        const pending: Pending & { status?: number } = { token, batch: request.batch!, received: 0, maxBytes: request.max_bytes, sizeExceeded: false, lastSeen: Date.now(), done: () => resolve(pending) };
        this.current = pending;
        // A request silent for two heartbeats (a reconnect, a lost request) or past its expiry is over.
        const watchdog = setInterval(() => {
          if (this.stopped || Date.now() - pending.lastSeen > 2 * this.heartbeatMs + 1_000) pending.done();
        }, Math.max(100, Math.floor(this.heartbeatMs / 2)));
        const finish = pending.done;
        pending.done = () => {
          clearInterval(watchdog);
          if (this.current === pending) this.current = undefined;
          finish();
        };
        try {
          this.options.nc.publish(`$JS.API.CONSUMER.MSG.NEXT.${this.options.stream}.${this.options.durable}`, JSON.stringify(request), { reply: `${this.prefix}.${token}` });
        } catch (error) {
          this.options.logger?.warn({ err: (error as Error).message, consumer: this.options.durable }, 'pull request not sent');
          pending.status = 503;
          pending.done();
        }
      });
      if (outcome.sizeExceeded) {
        // Nothing came and the next message does not fit: wait until nothing is in flight, then pull it alone.
        alone = outcome.received === 0;
        continue;
      }
      alone = false;
      if (outcome.status !== undefined && outcome.status !== 404 && outcome.status !== 408) pause = 1_000;
      else if (outcome.status === 404) pause = 100;
    }
  }
}

/** The delivery info in a JetStream ack subject (`$JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<tm>.<pending>`, or the 12-token form with domain and account hash). */
export const parseDeliveryInfo = (reply: string): DeliveryInfo => {
  const tokens = ackTokens(reply);
  const deliveryCount = Number.parseInt(tokens[6]!, 10);
  return {
    domain: tokens[2] === '_' ? '' : tokens[2]!,
    account_hash: tokens[3],
    stream: tokens[4]!,
    consumer: tokens[5]!,
    deliveryCount,
    redelivered: deliveryCount > 1,
    streamSequence: Number.parseInt(tokens[7]!, 10),
    deliverySequence: Number.parseInt(tokens[8]!, 10),
    timestampNanos: Number.parseInt(tokens[9]!, 10),
    pending: Number.parseInt(tokens[10]!, 10),
  };
};

/** The ack subject's tokens in the 12-token form (the 9-token form gets an empty domain and account hash). */
const ackTokens = (reply: string): string[] => {
  const tokens = reply.split('.');
  if (tokens.length === 9) tokens.splice(2, 0, '_', '');
  if (tokens.length < 11 || tokens[0] !== '$JS' || tokens[1] !== 'ACK') throw new Error(`not a JetStream delivery: ${reply}`);
  return tokens;
};

const ACK = new TextEncoder().encode('+ACK');
const NAK = new TextEncoder().encode('-NAK');
const WPI = new TextEncoder().encode('+WPI');
const TERM = new TextEncoder().encode('+TERM');

/** A delivered message with JetStream's acknowledgement protocol; the first final ack (not +WPI) settles it. */
class PulledMessage implements JsMsg {
  private settled = false;
  private cachedInfo?: DeliveryInfo;

  constructor(
    private readonly nc: NatsConnection,
    private readonly msg: Msg,
    private readonly onSettled: () => void,
  ) {}

  get info(): DeliveryInfo {
    return (this.cachedInfo ??= parseDeliveryInfo(this.msg.reply ?? ''));
  }
  get redelivered(): boolean {
    return this.info.deliveryCount > 1;
  }
  get seq(): number {
    return this.info.streamSequence;
  }
  get headers(): MsgHdrs | undefined {
    return this.msg.headers;
  }
  get data(): Uint8Array {
    return this.msg.data;
  }
  get subject(): string {
    return this.msg.subject;
  }
  get sid(): number {
    return this.msg.sid;
  }
  get timestampNanos(): bigint {
    return BigInt(ackTokens(this.msg.reply ?? '')[9]!);
  }
  get time(): Date {
    return new Date(Number(this.timestampNanos / 1_000_000n));
  }
  get timestamp(): string {
    return this.time.toISOString();
  }

  ack(): void {
    this.final(ACK);
  }
  nak(millis?: number): void {
    this.final(millis ? new TextEncoder().encode(`-NAK ${JSON.stringify({ delay: nanos(millis) })}`) : NAK);
  }
  working(): void {
    if (!this.settled) this.msg.respond(WPI);
  }
  term(reason?: string): void {
    this.final(reason ? new TextEncoder().encode(`+TERM ${reason}`) : TERM);
  }
  next(_subject: string, _options?: Partial<PullOptions>): void {
    throw new Error('next() is not supported on a pulled message: the pull loop asks for messages');
  }
  async ackAck(options?: Partial<{ timeout: number }>): Promise<boolean> {
    if (this.settled || !this.msg.reply) return false;
    this.settle();
    await this.nc.request(this.msg.reply, ACK, { timeout: options?.timeout ?? 5_000 });
    return true;
  }
  json<T>(): T {
    return this.msg.json<T>();
  }
  string(): string {
    return this.msg.string();
  }

  private final(payload: Uint8Array): void {
    if (this.settled) return;
    this.settle();
    this.msg.respond(payload);
  }

  private settle(): void {
    this.settled = true;
    this.onSettled();
  }
}

/** The status of a JetStream status message (no body, a status line in the headers), or undefined for a message. */
const statusOf = (msg: Msg): { code: number; description: string } | undefined => {
  const h = msg.headers;
  if (!h || msg.data.length > 0 || !h.code) return undefined;
  return { code: h.code, description: h.description ?? '' };
};

/** What the server counts against a pull's max_bytes: the message body and its headers (subject aside). */
const sizeOf = (msg: Msg): number => msg.data.length + (msg.headers ? msg.headers.toString().length : 0);

const sleep = async (ms: number, cancelled: () => boolean): Promise<void> => {
  const end = Date.now() + ms;
  while (!cancelled() && Date.now() < end) await new Promise((r) => setTimeout(r, Math.min(100, end - Date.now())));
};
