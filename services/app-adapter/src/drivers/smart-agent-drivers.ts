import { Injectable } from '@nestjs/common';
import type { ApplicationType } from '#libs/contracts';
import { CerDriver } from './cer/cer.driver.js';
import { CUC_SMART_LICENSE_PREFIX } from './cuc/cuc.wire-format.js';
import { CucmDriver } from './cucm/cucm.driver.js';
import { ExpresswayDriver } from './expressway/expressway.driver.js';
import { UcHttpClient } from './http/uc-http.client.js';
import { SmartAgentRestDriver } from './smart-agent-rest/smart-agent-rest.driver.js';
import type { SmartAgentDriver } from './smart-agent.driver.js';
import { PlatformCliClient } from './ssh/platform-cli.client.js';

/** One driver per application type. */
@Injectable()
export class SmartAgentDrivers {
  private readonly drivers: Record<ApplicationType, SmartAgentDriver>;

  constructor(http: UcHttpClient, cli: PlatformCliClient) {
    this.drivers = {
      cucm: new CucmDriver(http),
      cuc: new SmartAgentRestDriver('cuc', http, CUC_SMART_LICENSE_PREFIX),
      cer: new CerDriver(cli, http),
      expressway: new ExpresswayDriver(http),
    };
  }

  of(type: ApplicationType): SmartAgentDriver {
    return this.drivers[type];
  }
}
