import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../../common/auth/roles.js';
import { AuditLogRepository } from './audit-log.repository.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-log')
export class AuditController {
  constructor(private readonly audit: AuditLogRepository) {}

  @Get()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Latest operator mutations' })
  latest() {
    return this.audit.latest();
  }
}
