import { Module } from '@nestjs/common';
import { VirtualAccountsController } from './virtual-accounts.controller.js';
import { VirtualAccountsService } from './virtual-accounts.service.js';

@Module({ controllers: [VirtualAccountsController], providers: [VirtualAccountsService] })
export class VirtualAccountsModule {}
