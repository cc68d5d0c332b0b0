import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ReportingCommands } from '#libs/contracts';
import { OnCommand } from '#libs/messaging';
import type { HistoryScope } from './license-history.repository.js';
import { LicenseHistoryService } from './license-history.service.js';

@Controller()
export class LicenseHistoryHandler {
  constructor(private readonly history: LicenseHistoryService) {}

  @OnCommand(ReportingCommands.licenseHistory)
  get(@Payload() request: { level: HistoryScope; id: string; days: number }) {
    return this.history.get(request.level, request.id, request.days);
  }
}
