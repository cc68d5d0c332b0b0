import { Module } from '@nestjs/common';
import { VirtualAccountsModule } from '../virtual-accounts/virtual-accounts.module.js';
import { ClusterSummaryHandler } from './cluster-summary.handler.js';
import { ClusterSummaryRepository } from './cluster-summary.repository.js';

@Module({ imports: [VirtualAccountsModule], controllers: [ClusterSummaryHandler], providers: [ClusterSummaryRepository], exports: [ClusterSummaryRepository] })
export class ClusterSummaryModule {}
