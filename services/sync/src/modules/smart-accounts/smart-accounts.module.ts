import { Module } from '@nestjs/common';
import { SmartAccountConnections } from './smart-account-connections.js';
import { SmartAccountSecrets } from './smart-account-secrets.js';
import { SmartAccountRepository } from './smart-account.repository.js';

/** The stored smart accounts: settings, encrypted secrets, and how to reach their CSSM or satellite. */
@Module({ providers: [SmartAccountRepository, SmartAccountSecrets, SmartAccountConnections], exports: [SmartAccountRepository, SmartAccountSecrets, SmartAccountConnections] })
export class SmartAccountsModule {}
