import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../../common/auth/roles.js';
import { z } from 'zod';
import { AuditLogRepository } from './audit-log.repository.js';
import { ApiResult } from '../../common/params/api-result.js';
import { ValidQuery } from '../../common/params/request-params.js';
import { auditLogQuerySchema, type AuditLogQuery } from './audit-log.dto.js';

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
  @ApiOperation({ summary: 'Operator mutations, newest first: filters by actor, method, path, outcome and time; paging by limit and offset' })
  @ApiResult(auditLogViewSchema)
  list(@ValidQuery(auditLogQuerySchema) query: AuditLogQuery) {
    return this.audit.list(query);
  }
}
