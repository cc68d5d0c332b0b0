import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { LicenseModeCommands, RegistrationEvents, type CommandRequest, type Envelope, type VaAssignments } from '#libs/contracts';
import { JetStreamContext, OnCommand, OnEvent } from '#libs/messaging';
import { VaLicenseModeService } from './va-license-mode.service.js';

/** VA license mode commands, and registration's assignment counts. */
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

  @OnEvent(RegistrationEvents.vaAssignmentsChanged)
  assignmentsChanged(@Payload() e: Envelope<VaAssignments>, @Ctx() ctx: JetStreamContext) {
    return this.licenseModes.applyAssignments(e, ctx.consumer);
  }
}
