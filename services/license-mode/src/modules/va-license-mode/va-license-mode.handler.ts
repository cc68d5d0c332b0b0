import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { LicenseModeCommands, RegistrationEvents, SyncEvents, type CommandRequest, type Envelope, type SmartAccountUpserted, type VaAssignments, type VirtualAccountEvent } from '#libs/contracts';
import { JetStreamContext, OnCommand, OnEvent } from '#libs/messaging';
import { VaLicenseModeService } from './va-license-mode.service.js';

/** VA license mode commands; sync's virtual and smart accounts, registration's assignment counts. */
@Controller()
export class VaLicenseModeHandler {
  constructor(private readonly licenseModes: VaLicenseModeService) {}

  @OnCommand(LicenseModeCommands.getVirtualAccount)
  get(@Payload() request: CommandRequest<typeof LicenseModeCommands.getVirtualAccount>) {
    return this.licenseModes.get(request);
  }

  @OnCommand(LicenseModeCommands.setVirtualAccount)
  set(@Payload() request: CommandRequest<typeof LicenseModeCommands.setVirtualAccount>) {
    const { mode, ...ref } = request;
    return this.licenseModes.set(ref, mode);
  }

  @OnEvent(SyncEvents.virtualAccountUpserted)
  virtualAccountUpserted(@Payload() e: Envelope<VirtualAccountEvent>, @Ctx() ctx: JetStreamContext) {
    return this.licenseModes.applyVirtualAccount(e, ctx.consumer, false);
  }

  @OnEvent(SyncEvents.virtualAccountRemoved)
  virtualAccountRemoved(@Payload() e: Envelope<VirtualAccountEvent>, @Ctx() ctx: JetStreamContext) {
    return this.licenseModes.applyVirtualAccount(e, ctx.consumer, true);
  }

  @OnEvent(SyncEvents.smartAccountUpserted)
  smartAccountUpserted(@Payload() e: Envelope<SmartAccountUpserted>, @Ctx() ctx: JetStreamContext) {
    return this.licenseModes.applySmartAccount(e, ctx.consumer);
  }

  @OnEvent(SyncEvents.smartAccountRemoved)
  smartAccountRemoved(@Payload() e: Envelope<{ id: string }>, @Ctx() ctx: JetStreamContext) {
    return this.licenseModes.applySmartAccountRemoved(e, ctx.consumer);
  }

  @OnEvent(RegistrationEvents.vaAssignmentsChanged)
  assignmentsChanged(@Payload() e: Envelope<VaAssignments>, @Ctx() ctx: JetStreamContext) {
    return this.licenseModes.applyAssignments(e, ctx.consumer);
  }
}
