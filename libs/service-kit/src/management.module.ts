import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';

/**
 * The management port's application: /metrics (and the gateway's API docs, added by its definition). Kept off the
 * API port so a public ingress to the API does not publish them; Prometheus scrapes this port inside the cluster.
 */
@Module({ controllers: [MetricsController] })
export class ManagementModule {}
