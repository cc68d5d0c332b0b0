import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { handleMetricsRequest } from '#libs/observability';
import { Public } from './public.decorator.js';

/** Prometheus scrape endpoint of the process's metrics, on the management port (MANAGEMENT_PORT). */
@Public()
@ApiExcludeController()
@Controller()
export class MetricsController {
  @Get('metrics')
  scrape(@Res() response: ServerResponse): void {
    handleMetricsRequest(response.req, response);
  }
}
