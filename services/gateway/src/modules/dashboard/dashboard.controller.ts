import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ReportingCommands } from '#libs/contracts';
import { CommandClient } from '#libs/messaging';
import { ValidQuery } from '../../common/params/request-params.js';
import { ApiResult } from '../../common/params/api-result.js';

const licenseDashboardQuerySchema = z.object({
  level: z.enum(['virtual-account', 'customer'], { error: 'level must be virtual-account or customer' }).default('virtual-account'),
  expiringWithinDays: z.coerce.number().int().min(0).max(3650).default(30),
});

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly commands: CommandClient) {}

  @Get('licenses')
  @ApiOperation({ summary: 'License dashboard per license manager (virtual account or PLM, labelled licensedBy Smart or PLM) or per customer: entitlement, consumption, headroom, compliance, subscriptions expiring soon; totals per kind' })
  @ApiResult(ReportingCommands.licenseDashboard)
  licenses(@ValidQuery(licenseDashboardQuerySchema) query: z.infer<typeof licenseDashboardQuerySchema>) {
    return this.commands.request(ReportingCommands.licenseDashboard, query);
  }
}
