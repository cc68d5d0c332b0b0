import { Module } from '@nestjs/common';
import { VirtualAccountRepository } from './virtual-account.repository.js';
import { VirtualAccountsHandler } from './virtual-accounts.handler.js';
import { VirtualAccountsService } from './virtual-accounts.service.js';

@Module({ controllers: [VirtualAccountsHandler], providers: [VirtualAccountRepository, VirtualAccountsService], exports: [VirtualAccountRepository] })
export class VirtualAccountsModule {}
