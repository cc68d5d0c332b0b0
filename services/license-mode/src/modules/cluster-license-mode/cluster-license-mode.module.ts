import { Module } from '@nestjs/common';
import { ClusterLicenseModeHandler } from './cluster-license-mode.handler.js';
import { ClusterLicenseModeService } from './cluster-license-mode.service.js';

@Module({ controllers: [ClusterLicenseModeHandler], providers: [ClusterLicenseModeService] })
export class ClusterLicenseModeModule {}
