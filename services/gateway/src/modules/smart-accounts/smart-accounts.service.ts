import { Injectable } from '@nestjs/common';
import { SyncCommands } from '#libs/contracts';
import { CommandClient } from '#libs/messaging';
import type { CreateSmartAccountBody, PageQuery, UpdateSmartAccountBody } from './smart-accounts.dto.js';

/** Smart accounts live in sync; the gateway forwards. */
@Injectable()
export class SmartAccountsService {
  constructor(private readonly commands: CommandClient) {}

  list(page: PageQuery) {
    return this.commands.request(SyncCommands.listSmartAccounts, page);
  }

  get(id: string) {
    return this.commands.request(SyncCommands.getSmartAccount, { id });
  }

  create(body: CreateSmartAccountBody) {
    return this.commands.request(SyncCommands.createSmartAccount, body);
  }

  update(id: string, body: UpdateSmartAccountBody) {
    return this.commands.request(SyncCommands.updateSmartAccount, { id, config: body });
  }

  delete(id: string) {
    return this.commands.request(SyncCommands.deleteSmartAccount, { id });
  }

  sync(id: string) {
    return this.commands.request(SyncCommands.syncSmartAccount, { smartAccountId: id });
  }

  syncJobs(id: string, page: PageQuery) {
    return this.commands.request(SyncCommands.listSyncJobs, { smartAccountId: id, ...page });
  }

  virtualAccounts(id: string, page: PageQuery) {
    return this.commands.request(SyncCommands.listVirtualAccounts, { smartAccountId: id, ...page });
  }
}
