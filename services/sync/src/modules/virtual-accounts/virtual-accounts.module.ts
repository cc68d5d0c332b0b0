import { Module } from '@nestjs/common';
import { SmartAccountsModule } from '../smart-accounts/smart-accounts.module.js';
import { VirtualAccountHandler } from './virtual-account.handler.js';
import { VirtualAccountRepository } from './virtual-account.repository.js';

/** Virtual Account Summary: VAs with clusters#/customers#, their licenses and subscriptions. */
@Module({ imports: [SmartAccountsModule], controllers: [VirtualAccountHandler], providers: [VirtualAccountRepository], exports: [VirtualAccountRepository] })
export class VirtualAccountsModule {}
