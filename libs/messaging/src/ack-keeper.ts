import type { JsMsg } from '@nats-io/jetstream';

/**
 * Keeps the messages a consumer holds (pulled, buffered, in a handler) from reaching their ack wait: each gets a
 * `working()` (+WPI) every third of its ack wait until it is acked, nak'd or terminated. Without it a backlog waiting
 * behind a slow batch is redelivered while still queued, burning delivery attempts until the server drops it at
 * max_deliver. The delivery count then counts real failures only.
 */
export class AckKeeper {
  private readonly held = new Map<JsMsg, { at: number; everyMs: number }>();
  private timer?: NodeJS.Timeout;

  start(tickMs = 250): void {
    this.timer ??= setInterval(() => this.tick(), tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.held.clear();
  }

  hold(msg: JsMsg, ackWaitMs: number): void {
    this.held.set(msg, { at: Date.now(), everyMs: Math.max(250, Math.floor(ackWaitMs / 3)) });
  }

  release(msg: JsMsg): void {
    this.held.delete(msg);
  }

  get size(): number {
    return this.held.size;
  }

  private tick(): void {
    const now = Date.now();
    for (const [msg, state] of this.held) {
      if (now - state.at < state.everyMs) continue;
      msg.working();
      state.at = now;
    }
  }
}
