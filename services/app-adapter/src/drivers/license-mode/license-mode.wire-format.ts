import { z } from 'zod';
import { LICENSE_MODES, type LicenseMode } from '#libs/contracts';

/**
 * WIRE FORMAT (assumption) — license mode of Unified CM, Unity Connection and Emergency Responder [NF]: on a real
 * system the mode changes by installing a COP file (`ciscocm.HCSMode_v4.cop.sgn` / `ciscocm.EnterpriseMode_v4.cop.sgn`)
 * over the platform CLI, followed by a reboot of the cluster. Modelled as an API with the platform credentials:
 * `GET` answers `{"licenseMode"}` on any node; `PUT {"licenseMode"}` on the publisher answers 202 with
 * `rebooting: true` (every node then drops connections until it is back) or 200 when the mode is already set;
 * a subscriber answers 405. Expressway has no such API.
 */
export const LICENSE_MODE_PATH = '/platformcom/api/v1/licensemode';
export const LICENSE_MODE_CREDENTIAL = 'platform' as const;

export const licenseModeReadSchema = z.object({ licenseMode: z.enum(LICENSE_MODES) }).loose();
export const licenseModeChangeSchema = z
  .object({ licenseMode: z.enum(LICENSE_MODES), previousLicenseMode: z.enum(LICENSE_MODES), rebooting: z.boolean() })
  .loose();

export const licenseModeBody = (mode: LicenseMode): string => JSON.stringify({ licenseMode: mode });

/** The publisher refuses the change on a subscriber. */
export const LICENSE_MODE_SUBSCRIBER_STATUS = 405;
