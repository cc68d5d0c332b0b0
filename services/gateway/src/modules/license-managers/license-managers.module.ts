import { Module } from '@nestjs/common';
import { LicenseManagementController, LicenseManagersController } from './license-managers.controller.js';
import { LicenseManagersService } from './license-managers.service.js';

@Module({ controllers: [LicenseManagersController, LicenseManagementController], providers: [LicenseManagersService] })
export class LicenseManagersModule {}
