import { Injectable } from '@nestjs/common';
import { SyncCommands } from '#libs/contracts';
import { CommandClient } from '#libs/messaging';
import type { VirtualAccountListQuery } from './virtual-accounts.dto.js';

/** Virtual Account Summary reads (sync's local copy of CSSM, clusters#/customers# from registration's counts). */
@Injectable()
export class VirtualAccountsService {
  constructor(private readonly commands: CommandClient) {}

  list(query: VirtualAccountListQuery) {
    return this.commands.request(SyncCommands.listVirtualAccounts, query);
  }

  get(id: string) {
    return this.commands.request(SyncCommands.getVirtualAccount, { id });
  }

  licenses(id: string) {
    return this.commands.request(SyncCommands.listLicenses, { id });
  }

  subscriptions(id: string) {
    return this.commands.request(SyncCommands.listSubscriptions, { id });
  }
}
