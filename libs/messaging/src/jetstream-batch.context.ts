import { BaseRpcContext } from '@nestjs/microservices';
import type { Context } from '@opentelemetry/api';
import type { JsMsg } from '@nats-io/jetstream';
import type { WaitingMessageError } from './messaging.errors.js';

/** What a batch handler knows beside the envelopes: the messages (same order) and the durable consumer. */
export class JetStreamBatchContext extends BaseRpcContext<[JsMsg[], string]> {
  constructor(
    messages: JsMsg[],
    consumer: string,
    private readonly traceContexts: Context[] = [],
  ) {
    super([messages, consumer]);
  }

  /**
   * The trace context of the i-th message (its CONSUMER span): run the work it causes inside it
   * (`context.with(ctx.traceContextOf(i), ...)`) so a provisioning event keeps one trace across services.
   */
  traceContextOf(index: number): Context | undefined {
    return this.traceContexts[index];
  }
  /** Messages the handler left waiting (not applied): redelivered later instead of acked with the batch. */
  readonly waiting = new Map<number, WaitingMessageError>();

  /**
   * The i-th message cannot be applied yet (see WaitingMessageError): the rest of the batch commits and is acked,
   * this one is redelivered later (or dead-lettered on the consumer's last delivery). Its inbox entry must not be
   * claimed by the handler's transaction.
   */
  wait(index: number, error: WaitingMessageError): void {
    this.waiting.set(index, error);
  }

  get messages(): JsMsg[] {
    return this.args[0];
  }
  /** Durable consumer name: the inbox key that makes redelivery harmless. */
  get consumer(): string {
    return this.args[1];
  }
}
