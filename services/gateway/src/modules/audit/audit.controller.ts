import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../../common/auth/roles.js';
import { z } from 'zod';
import { AuditLogRepository } from './audit-log.repository.js';
import { ApiResult } from '../../common/params/api-result.js';

/** An audit log row as answered (AuditLogView; `at` serialised as an ISO date). */
const auditLogViewSchema = z.array(
  z.object({ id: z.string(), at: z.iso.datetime(), actor: z.string(), roles: z.array(z.string()), method: z.string(), path: z.string(), status: z.number().int(), traceId: z.string().nullable() }),
);

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-log')
export class AuditController {
  constructor(private readonly audit: AuditLogRepository) {}

  @Get()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Latest operator mutations' })
  @ApiResult(auditLogViewSchema)
  latest() {
    return this.audit.latest();
  }
}
