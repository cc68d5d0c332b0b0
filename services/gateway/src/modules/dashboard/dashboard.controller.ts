import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { DASHBOARD_LEVELS, ReportingCommands } from '#libs/contracts';
import { CommandClient } from '#libs/messaging';
import { ValidQuery } from '../../common/params/request-params.js';
import { ApiResult } from '../../common/params/api-result.js';

const LEVEL_ERROR = { error: 'level must be virtual-account or customer' };

const licenseDashboardQuerySchema = z.object({
  level: z.enum(DASHBOARD_LEVELS, LEVEL_ERROR).default('virtual-account'),
  expiringWithinDays: z.coerce.number().int().min(0).max(3650).default(30),
});

const licenseHistoryQuerySchema = z
  .object({
    level: z.enum(DASHBOARD_LEVELS, LEVEL_ERROR).default('virtual-account'),
    id: z.string({ error: 'id is required: a dashboard row id (smartAccountId/virtualAccount, or a customer id)' }).min(1, 'id must not be empty').max(400)
      .describe("A License Dashboard row's id: smartAccountId/virtualAccount at the virtual-account level, the customer id at the customer level"),
    days: z.coerce.number().int().min(1).max(3650).default(90).describe('How many days back, today included'),
  })
  .strict();

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

  @Get('licenses/history')
  @ApiOperation({ summary: 'Purchased vs consumed over time of one virtual account or customer of the License Dashboard: one point per day a license snapshot or usage report changed it, summed and per license (an id with no history answers no point)' })
  @ApiResult(ReportingCommands.licenseHistory)
  history(@ValidQuery(licenseHistoryQuerySchema) query: z.infer<typeof licenseHistoryQuerySchema>) {
    return this.commands.request(ReportingCommands.licenseHistory, query);
  }
}
