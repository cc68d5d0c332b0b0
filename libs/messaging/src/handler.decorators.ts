import { EventPattern, MessagePattern } from '@nestjs/microservices';
import type { CommandDefinition, EventDefinition } from '#libs/contracts';

/** Handles a contract event delivered by the JetStreamServer: `@OnEvent(ProvisioningEvents.clusterCreated)`. */
export const OnEvent = (event: EventDefinition): MethodDecorator => (EventPattern as (pattern: string) => MethodDecorator)(event.type);

/** Answers a contract command served by the CommandServer: `@OnCommand(RegistrationCommands.listClusters)`. */
export const OnCommand = (command: CommandDefinition): MethodDecorator => (MessagePattern as (pattern: string) => MethodDecorator)(command.subject);
