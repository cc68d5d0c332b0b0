import { Module } from '@nestjs/common';
import { TransportModeController } from './transport-mode.controller.js';
import { TransportModeService } from './transport-mode.service.js';

@Module({ controllers: [TransportModeController], providers: [TransportModeService] })
export class TransportModeModule {}
