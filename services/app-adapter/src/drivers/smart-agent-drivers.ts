import { Injectable } from '@nestjs/common';
import type { ApplicationType } from '#libs/contracts';
import { CER_SMART_LICENSE_PREFIX } from './cer/cer.wire-format.js';
import { CucDriver } from './cuc/cuc.driver.js';
import { CucmDriver } from './cucm/cucm.driver.js';
import { ExpresswayDriver } from './expressway/expressway.driver.js';
import { UcHttpClient } from './http/uc-http.client.js';
import { LicenseModeApi } from './license-mode/license-mode.api.js';
import { SmartAgentRestDriver } from './smart-agent-rest/smart-agent-rest.driver.js';
import type { SmartAgentDriver } from './smart-agent.driver.js';

/** One driver per application type, and the platform's PAWS client for what is the same on every VOS application. */
@Injectable()
export class SmartAgentDrivers {
  private readonly drivers: Record<ApplicationType, SmartAgentDriver>;
  /** The publisher restart of a license mode change (PAWS RestartSystemService / RestartSystemStatusService). */
  readonly licenseMode: LicenseModeApi;

  constructor(http: UcHttpClient) {
    this.licenseMode = new LicenseModeApi(http);
    this.drivers = {
      cucm: new CucmDriver(http),
      cuc: new CucDriver(http),
      cer: new SmartAgentRestDriver('cer', http, CER_SMART_LICENSE_PREFIX),
      expressway: new ExpresswayDriver(http),
    };
  }

  of(type: ApplicationType): SmartAgentDriver {
    return this.drivers[type];
  }
}
