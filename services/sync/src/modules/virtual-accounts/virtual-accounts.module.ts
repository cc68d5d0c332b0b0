import { Module } from '@nestjs/common';
import { VirtualAccountHandler } from './virtual-account.handler.js';
import { VirtualAccountRepository } from './virtual-account.repository.js';

/** Virtual Account Summary: VAs with clusters#/customers#, their licenses and subscriptions. */
@Module({ controllers: [VirtualAccountHandler], providers: [VirtualAccountRepository], exports: [VirtualAccountRepository] })
export class VirtualAccountsModule {}
