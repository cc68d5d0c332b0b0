import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { RegistrationEvents, SmartlicException, SyncCommands, type CommandRequest, type Envelope, type VaAssignments } from '#libs/contracts';
import { claimInbox, COMMAND_ERROR_CODES, JetStreamContext, OnCommand, OnEvent } from '#libs/messaging';
import { SmartAccountRepository } from '../smart-accounts/smart-account.repository.js';
import { VirtualAccountRepository } from './virtual-account.repository.js';

const notFound = (id: string) => new SmartlicException({ code: COMMAND_ERROR_CODES.notFound, message: `Virtual account ${id} does not exist` });

/** Virtual Account Summary reads, and the clusters#/customers# projected from registration's events. */
@Controller()
export class VirtualAccountHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly virtualAccounts: VirtualAccountRepository,
    private readonly accounts: SmartAccountRepository,
  ) {}

  @OnCommand(SyncCommands.listVirtualAccounts)
  async list(@Payload() request: CommandRequest<typeof SyncCommands.listVirtualAccounts>) {
    // The VAs of an unknown smart account are not an empty list: the id is wrong (404 wherever it was given).
    if (request.smartAccountId !== undefined && !(await this.accounts.get(request.smartAccountId))) {
      throw new SmartlicException({ code: COMMAND_ERROR_CODES.notFound, message: `Smart account ${request.smartAccountId} does not exist`, details: { field: 'smartAccountId' } });
    }
    return this.virtualAccounts.list({ includeRemoved: false, limit: 100, offset: 0, ...request });
  }

  @OnCommand(SyncCommands.getVirtualAccount)
  async get(@Payload() request: CommandRequest<typeof SyncCommands.getVirtualAccount>) {
    return (await this.virtualAccounts.get(request.id)) ?? Promise.reject(notFound(request.id));
  }

  @OnCommand(SyncCommands.listLicenses)
  async licenses(@Payload() request: CommandRequest<typeof SyncCommands.listLicenses>) {
    const va = await this.virtualAccounts.get(request.id);
    if (!va) throw notFound(request.id);
    return { virtualAccount: va.name, ...(await this.virtualAccounts.licenses(va.smartAccountId, va.name)) };
  }

  @OnCommand(SyncCommands.listSubscriptions)
  async subscriptions(@Payload() request: CommandRequest<typeof SyncCommands.listSubscriptions>) {
    const va = await this.virtualAccounts.get(request.id);
    if (!va) throw notFound(request.id);
    return { virtualAccount: va.name, items: await this.virtualAccounts.subscriptions(va.smartAccountId, va.name) };
  }

  @OnEvent(RegistrationEvents.vaAssignmentsChanged)
  async assignmentsChanged(@Payload() event: Envelope<VaAssignments>, @Ctx() ctx: JetStreamContext) {
    await this.dataSource.transaction(async (m) => {
      if (!(await claimInbox(m, ctx.consumer, event.id))) return;
      await this.virtualAccounts.applyAssignments(m, event.data, event.occurredAt);
    });
  }
}
