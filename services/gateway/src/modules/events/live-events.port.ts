import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from '@nats-io/nats-core';
import type { Logger } from 'pino';
import { EventParser, LIVE_EVENTS, type LiveEventName } from '#libs/contracts';
import type { NatsHandles } from '#libs/messaging';
import { NATS_HANDLES, PINO_LOGGER } from '#libs/service-kit';

export interface LiveEvent {
  name: LiveEventName;
  /** The event's data, as its contract defines it (already validated). */
  data: unknown;
}

export type LiveListener = (event: LiveEvent | 'closed') => void;

const NAME_OF_SUBJECT = new Map(Object.entries(LIVE_EVENTS).map(([name, event]) => [event.subject, name as LiveEventName]));

/**
 * The live events of the console, read once per gateway replica over core NATS (one subscription per subject however
 * many browsers listen) and fanned out to the open streams. A message off its contract is dropped and logged: a live
 * view has no dead letter to send it to.
 */
@Injectable()
export class LiveEventsPort implements OnModuleDestroy {
  private readonly listeners = new Set<LiveListener>();
  private subscriptions: Subscription[] = [];
  private readonly parser = new EventParser(Object.values(LIVE_EVENTS));

  constructor(
    @Inject(NATS_HANDLES) private readonly handles: NatsHandles,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  /** Calls `listener` with every live event from now on; answers the unsubscribe. */
  listen(listener: LiveListener): () => void {
    if (this.subscriptions.length === 0) this.start();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listening(): number {
    return this.listeners.size;
  }

  private start(): void {
    this.subscriptions = Object.values(LIVE_EVENTS).map((event) =>
      this.handles.nc.subscribe(this.handles.subjects.qualify(event.subject), {
        callback: (err, msg) => {
          if (err) return this.logger.warn({ err: err.message }, 'live events stopped: open consoles show what they refetch');
          const subject = this.handles.subjects.unqualify(msg.subject);
          const parsed = this.parser.parse(subject, msg.data);
          if (parsed.outcome !== 'valid') return this.logger.warn({ subject, reason: parsed.reason }, 'live event off its contract dropped');
          const live: LiveEvent = { name: NAME_OF_SUBJECT.get(subject)!, data: parsed.envelope.data };
          for (const listener of this.listeners) listener(live);
        },
      }),
    );
  }

  /** Ends every open stream before the HTTP server closes (an open stream would hold the shutdown). */
  onModuleDestroy(): void {
    for (const listener of this.listeners) listener('closed');
    this.listeners.clear();
    for (const s of this.subscriptions) s.unsubscribe();
    this.subscriptions = [];
  }
}
