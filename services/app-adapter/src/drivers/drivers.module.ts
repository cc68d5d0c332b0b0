import { Module } from '@nestjs/common';
import { UcHttpClient } from './http/uc-http.client.js';
import { SmartAgentDrivers } from './smart-agent-drivers.js';
import { PlatformCliClient } from './ssh/platform-cli.client.js';
import { PlatformHostKeyRepository } from './ssh/platform-host-key.repository.js';

@Module({ providers: [UcHttpClient, PlatformHostKeyRepository, PlatformCliClient, SmartAgentDrivers], exports: [SmartAgentDrivers] })
export class DriversModule {}
