import { Module } from '@nestjs/common';
import { LicenseUsageController } from './license-usage.controller.js';
import { LicenseUsageService } from './license-usage.service.js';

@Module({ controllers: [LicenseUsageController], providers: [LicenseUsageService] })
export class LicenseUsageModule {}
