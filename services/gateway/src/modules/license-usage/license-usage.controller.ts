import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { RequireRole } from '../../common/auth/roles.js';
import { ZodValidationPipe } from '../../common/pipes/zod-body.pipe.js';
import { collectUsageBodySchema, type CollectUsageBody } from './license-usage.dto.js';
import { LicenseUsageService } from './license-usage.service.js';

@ApiTags('license-usage')
@ApiBearerAuth()
@Controller('license-usage')
export class LicenseUsageController {
  constructor(private readonly usage: LicenseUsageService) {}

  @Post('collect')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Collect license usage now (the daily collection), of every registered cluster or of one; the reports show it once collected' })
  @ApiBody({ schema: z.toJSONSchema(collectUsageBodySchema, { io: 'input' }) as Record<string, unknown> })
  collect(@Body(new ZodValidationPipe(collectUsageBodySchema)) body: CollectUsageBody) {
    return this.usage.collect(body);
  }
}
