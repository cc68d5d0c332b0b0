import { BaseRpcContext } from '@nestjs/microservices';
import type { JsMsg } from '@nats-io/jetstream';

/** What an event handler knows about the message beside its envelope. */
export class JetStreamContext extends BaseRpcContext<[JsMsg, string]> {
  constructor(msg: JsMsg, consumer: string) {
    super([msg, consumer]);
  }
  get message(): JsMsg {
    return this.args[0];
  }
  /** Durable consumer name: the inbox key that makes redelivery harmless. */
  get consumer(): string {
    return this.args[1];
  }
  get deliveryCount(): number {
    return this.args[0].info.deliveryCount;
  }
  get subject(): string {
    return this.args[0].subject;
  }
}
