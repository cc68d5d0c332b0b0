import { Module } from '@nestjs/common';
import { ClusterSummaryHandler } from './cluster-summary.handler.js';
import { ClusterSummaryRepository } from './cluster-summary.repository.js';

@Module({ controllers: [ClusterSummaryHandler], providers: [ClusterSummaryRepository], exports: [ClusterSummaryRepository] })
export class ClusterSummaryModule {}
