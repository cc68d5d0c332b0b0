import { Module } from '@nestjs/common';
import { LicenseManagersController } from './license-managers.controller.js';
import { LicenseManagersService } from './license-managers.service.js';

@Module({ controllers: [LicenseManagersController], providers: [LicenseManagersService] })
export class LicenseManagersModule {}
