import { z } from 'zod';
import type { CaaTransportSettings } from '#libs/contracts';

/**
 * WIRE FORMAT — Expressway-C / Expressway-E X12.6+ (simulators/uc-apps/WIRE-FORMATS.md §6). Admin Basic auth over
 * HTTPS [C XW-API: Expressway REST API Summary Guide], registration PER NODE [C XW-SL: "Smart Licensing Registration
 * is a per-node operation ... a cluster of two or more peers requires every peer to register"].
 *
 * [C XW-API] status `GET /api/v1/status/common/smartlicensing/licensing` with Cisco's documented JSON
 * (ExportControlledFunctionality, VirtualAccount, SmartAccount, Authorization{LicenseAuthorizationStatus,
 * AuthorizationExpires, NextAuthorizationAttempt, LastAuthorizationAttempt}, Registration{RegistrationStatus,
 * InitialRegistration, RegistrationExpires, NextRenewalAttempt}; dates like `February, 05 Feb 2020 06:18:07 GMT`).
 * [I community code] register `POST /api/provisioning/common/smartlicensing/registration` `{"Token","Reregister":
 * "Yes"|"No"}`; success answers 200 `{"Message":"The operation was successful"}`.
 * [I community code] cluster peers `GET /api/v1/provisioning/common/cluster/peers` → `[{"PeerAddress": "…"}, …]`
 * (scripts iterate it to reach every node). Cisco documents the clustering configuration itself [C XW admin guide
 * X14.0.1 "Clustering and Peers": up to six peers; System > Clustering lists the IP addresses of all the peers]
 * but the REST resource only in the box's own RAML (`https://<host>/api/raml`).
 * [NF] deregistration, renewal (`{"Type":"ID"|"Authorization"}`) and transport (`{"Mode","ProxyIp","ProxyPort",
 * "GatewayUrl"}`) under the same provisioning path; error answers carry the mapping row's HTTP status and
 * `{"Message","Code"}`.
 * Usage: the status resource carries no license counts, and Cisco documents Expressway's license types (Room and
 * Desktop System registrations, Rich Media Sessions [C XW "Call Types and Licensing"]) only on its web pages, not
 * over REST: usage stays empty [I].
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

/** The clustering configuration: every peer of the node's cluster, the node itself included. */
export const EXPRESSWAY_CLUSTER_PEERS_PATH = '/api/v1/provisioning/common/cluster/peers';
export const expresswayClusterPeersSchema = z.array(z.object({ PeerAddress: z.string() }).loose());

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
