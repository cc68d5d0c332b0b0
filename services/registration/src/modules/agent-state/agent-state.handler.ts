import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { CaaEvents, CONSUMERS, type Envelope, type SmartAgentStatus } from '#libs/contracts';
import { JetStreamBatchContext, JetStreamContext, OnEvent, OnEventBatch } from '#libs/messaging';
import { AgentStateService } from './agent-state.service.js';

/**
 * Durable consumer of app-adapter's smart-agent status changes (every live read that found another state): batches
 * in stream order, one transaction each; the per-event handler is the fallback that isolates a failing message.
 */
@Controller()
export class AgentStateHandler {
  constructor(private readonly states: AgentStateService) {}

  @OnEventBatch(CONSUMERS.registration.smartAgentStates)
  batch(@Payload() events: Envelope<SmartAgentStatus>[], @Ctx() ctx: JetStreamBatchContext) {
    return this.states.applyEvents(events, ctx.consumer);
  }

  @OnEvent(CaaEvents.smartAgentStatusChanged)
  changed(@Payload() e: Envelope<SmartAgentStatus>, @Ctx() ctx: JetStreamContext) {
    return this.states.applyEvents([e], ctx.consumer);
  }
}
