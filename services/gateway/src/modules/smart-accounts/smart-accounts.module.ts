import { Module } from '@nestjs/common';
import { SmartAccountsController } from './smart-accounts.controller.js';
import { SmartAccountsService } from './smart-accounts.service.js';

@Module({ controllers: [SmartAccountsController], providers: [SmartAccountsService] })
export class SmartAccountsModule {}
