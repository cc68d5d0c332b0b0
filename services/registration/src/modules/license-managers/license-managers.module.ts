import { Module } from '@nestjs/common';
import { LicenseManagerRepository } from './license-manager.repository.js';
import { LicenseManagersHandler } from './license-managers.handler.js';
import { LicenseManagersService } from './license-managers.service.js';

@Module({ controllers: [LicenseManagersHandler], providers: [LicenseManagerRepository, LicenseManagersService], exports: [LicenseManagerRepository] })
export class LicenseManagersModule {}
