import { Module } from '@nestjs/common';
import { VaLicenseModeHandler } from './va-license-mode.handler.js';
import { VaLicenseModeRepository } from './va-license-mode.repository.js';
import { VaLicenseModeService } from './va-license-mode.service.js';

@Module({ controllers: [VaLicenseModeHandler], providers: [VaLicenseModeRepository, VaLicenseModeService], exports: [VaLicenseModeService] })
export class VaLicenseModeModule {}
