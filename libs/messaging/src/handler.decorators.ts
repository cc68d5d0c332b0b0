import { EventPattern, MessagePattern } from '@nestjs/microservices';
import type { CommandDefinition, ConsumerDefinition, EventDefinition } from '#libs/contracts';

/** Handles a contract event delivered by the JetStreamServer: `@OnEvent(ProvisioningEvents.clusterCreated)`. */
export const OnEvent = (event: EventDefinition): MethodDecorator => (EventPattern as (pattern: string) => MethodDecorator)(event.type);

/** Answers a contract command served by the CommandServer: `@OnCommand(RegistrationCommands.listClusters)`. */
export const OnCommand = (command: CommandDefinition): MethodDecorator => (MessagePattern as (pattern: string) => MethodDecorator)(command.subject);

/** Pattern under which a consumer's batch handler is registered. */
export const batchPattern = (consumer: Pick<ConsumerDefinition, 'durable'>): string => `batch:${consumer.durable}`;

/**
 * Handles batches of a consumer that declares `batch` (`(envelopes, JetStreamBatchContext)`), in stream order. When
 * a batch fails, the server retries its messages one by one through the `@OnEvent` handlers, so one bad message
 * cannot hold the others back.
 */
export const OnEventBatch = (consumer: ConsumerDefinition): MethodDecorator => (EventPattern as (pattern: string) => MethodDecorator)(batchPattern(consumer));
