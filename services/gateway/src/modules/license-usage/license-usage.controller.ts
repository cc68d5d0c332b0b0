import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../../common/auth/roles.js';
import { bodySchema } from '../../common/params/request-params.js';
import { ZodValidationPipe } from '../../common/pipes/zod-body.pipe.js';
import { collectUsageBodySchema, usageCollectionOutcomeSchema, type CollectUsageBody } from './license-usage.dto.js';
import { LicenseUsageService } from './license-usage.service.js';
import { ApiResult } from '../../common/params/api-result.js';

@ApiTags('license-usage')
@ApiBearerAuth()
@Controller('license-usage')
export class LicenseUsageController {
  constructor(private readonly usage: LicenseUsageService) {}

  @Post('collect')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Collect license usage now (the daily collection), of every registered cluster or of one; the reports show it once collected' })
  @ApiBody({ schema: bodySchema(collectUsageBodySchema, { clusterId: 'cucm-1' }) })
  @ApiResult(usageCollectionOutcomeSchema)
  collect(@Body(new ZodValidationPipe(collectUsageBodySchema)) body: CollectUsageBody) {
    return this.usage.collect(body);
  }
}
