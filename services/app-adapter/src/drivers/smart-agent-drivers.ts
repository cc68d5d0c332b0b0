import { Injectable } from '@nestjs/common';
import type { ApplicationType } from '#libs/contracts';
import { CerDriver } from './cer/cer.driver.js';
import { CucDriver } from './cuc/cuc.driver.js';
import { CucmDriver } from './cucm/cucm.driver.js';
import { ExpresswayDriver } from './expressway/expressway.driver.js';
import { UcHttpClient } from './http/uc-http.client.js';
import { LicenseModeApi } from './license-mode/license-mode.api.js';
import type { SmartAgentDriver } from './smart-agent.driver.js';
import { PlatformCliClient } from './ssh/platform-cli.client.js';

/** One driver per application type, and the platform's PAWS client for what is the same on every VOS application. */
@Injectable()
export class SmartAgentDrivers {
  private readonly drivers: Record<ApplicationType, SmartAgentDriver>;
  /** The publisher restart of a license mode change (PAWS RestartSystemService / RestartSystemStatusService). */
  readonly licenseMode: LicenseModeApi;

  constructor(http: UcHttpClient, cli: PlatformCliClient) {
    this.licenseMode = new LicenseModeApi(http);
    this.drivers = {
      cucm: new CucmDriver(http),
      cuc: new CucDriver(http),
      cer: new CerDriver(cli, http),
      expressway: new ExpresswayDriver(http),
    };
  }

  of(type: ApplicationType): SmartAgentDriver {
    return this.drivers[type];
  }
}
