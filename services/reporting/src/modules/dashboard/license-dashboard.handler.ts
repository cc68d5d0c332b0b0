import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ReportingCommands } from '#libs/contracts';
import { OnCommand } from '#libs/messaging';
import { LicenseDashboardService } from './license-dashboard.service.js';

@Controller()
export class LicenseDashboardHandler {
  constructor(private readonly dashboard: LicenseDashboardService) {}

  @OnCommand(ReportingCommands.licenseDashboard)
  get(@Payload() request: { level: 'virtual-account' | 'customer'; expiringWithinDays: number }) {
    return this.dashboard.get(request.level, request.expiringWithinDays);
  }
}
