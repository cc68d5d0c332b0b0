import { Controller } from '@nestjs/common';
import { ALLOCATION_HIERARCHY, LICENSE_MAPPING, LicenseModeCommands } from '#libs/contracts';
import { OnCommand } from '#libs/messaging';

/** The guide's HCS/Enterprise license mapping and CSSM's allocation hierarchy, as data for reporting. */
@Controller()
export class LicenseMappingHandler {
  @OnCommand(LicenseModeCommands.getLicenseMapping)
  get() {
    return { mappings: LICENSE_MAPPING.map((m) => ({ ...m, enterpriseLicenses: [...m.enterpriseLicenses] })), hierarchy: [...ALLOCATION_HIERARCHY] };
  }
}
