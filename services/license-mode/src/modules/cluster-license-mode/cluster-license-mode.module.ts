import { Module } from '@nestjs/common';
import { ClusterLicenseModeHandler } from './cluster-license-mode.handler.js';
import { ClusterLicenseModeRepository } from './cluster-license-mode.repository.js';
import { ClusterLicenseModeService } from './cluster-license-mode.service.js';

@Module({ controllers: [ClusterLicenseModeHandler], providers: [ClusterLicenseModeRepository, ClusterLicenseModeService] })
export class ClusterLicenseModeModule {}
