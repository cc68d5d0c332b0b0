import { z } from 'zod';
import type { CaaTransportSettings } from '#libs/contracts';

/**
 * WIRE FORMAT — Expressway-C / Expressway-E X12.6+ (simulators/uc-apps/WIRE-FORMATS.md §6). Admin Basic auth,
 * registration PER NODE (each node has its own smart agent).
 *
 * [C] status `GET /api/v1/status/common/smartlicensing/licensing` with Cisco's documented JSON; register
 * `POST /api/provisioning/common/smartlicensing/registration` `{"Token","Reregister":"Yes"|"No"}`; success answers
 * 200 `{"Message":"The operation was successful"}`.
 * [NF] deregistration, renewal (`{"Type":"ID"|"Authorization"}`) and transport (`{"Mode","ProxyIp","ProxyPort",
 * "GatewayUrl"}`) under the same provisioning path; error answers carry the mapping row's HTTP status and
 * `{"Message","Code"}`; dates look like `February, 05 Feb 2020 06:18:07 GMT`.
 */
export const EXPRESSWAY_CREDENTIAL = 'admin' as const;
export const EXPRESSWAY_STATUS_PATH = '/api/v1/status/common/smartlicensing/licensing';
const PROVISIONING = '/api/provisioning/common/smartlicensing';
export const EXPRESSWAY_PATHS = {
  register: `${PROVISIONING}/registration`,
  deregister: `${PROVISIONING}/deregistration`,
  renew: `${PROVISIONING}/renewal`,
  transport: `${PROVISIONING}/transport`,
} as const;

export const EXPRESSWAY_ERROR_MESSAGE_KEYS = ['Message'] as const;

export const expresswaySuccessSchema = z.object({ Message: z.string() }).loose();

export const registerBody = (token: string, force: boolean): string => JSON.stringify({ Token: token, Reregister: force ? 'Yes' : 'No' });
export const renewBody = (kind: 'ID' | 'Authorization'): string => JSON.stringify({ Type: kind });

export const expresswayStatusSchema = z
  .object({
    VirtualAccount: z.string().default(''),
    SmartAccount: z.string().default(''),
    Authorization: z.object({ LicenseAuthorizationStatus: z.string(), AuthorizationExpires: z.string().default('') }).loose(),
    Registration: z.object({ RegistrationStatus: z.enum(['REGISTERED', 'UNREGISTERED']), RegistrationExpires: z.string().default('') }).loose(),
  })
  .loose();

/** `February, 05 Feb 2020 06:18:07 GMT` → ISO-8601; null when empty or unreadable. */
export const expresswayDateToIso = (text: string): string | null => {
  if (text.trim() === '') return null;
  const ms = Date.parse(text.includes(',') ? text.slice(text.indexOf(',') + 1) : text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};

export const expresswayTransportSchema = z
  .object({ Mode: z.coerce.number().int(), ProxyIp: z.string().optional(), ProxyPort: z.coerce.number().int().optional(), GatewayUrl: z.string().optional() })
  .loose();

export const toExpresswayTransport = (s: CaaTransportSettings): string =>
  JSON.stringify(
    s.mode === 'Direct'
      ? { Mode: 0 }
      : s.mode === 'Proxy'
        ? { Mode: 1, ProxyIp: s.proxy?.host, ProxyPort: s.proxy?.port }
        : { Mode: 2, GatewayUrl: s.satelliteUrl },
  );

export const fromExpresswayTransport = (t: z.infer<typeof expresswayTransportSchema>): CaaTransportSettings => {
  if (t.Mode === 1) return { mode: 'Proxy', proxy: { host: t.ProxyIp ?? '', port: t.ProxyPort ?? 0 } };
  if (t.Mode === 2) return { mode: 'Satellite', satelliteUrl: t.GatewayUrl ?? '' };
  return { mode: 'Direct' };
};
