import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditLogRepository } from './audit-log.repository.js';

@Global()
@Module({ controllers: [AuditController], providers: [AuditLogRepository], exports: [AuditLogRepository] })
export class AuditModule {}
