import { Module } from '@nestjs/common';
import { UcHttpClient } from './http/uc-http.client.js';
import { SmartAgentDrivers } from './smart-agent-drivers.js';

@Module({ providers: [UcHttpClient, SmartAgentDrivers], exports: [SmartAgentDrivers] })
export class DriversModule {}
