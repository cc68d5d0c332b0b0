import { z } from 'zod';
import { LICENSE_MODES, type CaaTransportSettings, type SmartAgentOperation } from '#libs/contracts';
import type { AgentNodeState } from '../smart-agent.driver.js';

/**
 * WIRE FORMAT (assumption, being removed) — the invented smart-agent REST contract that Unified CM (renew, transport)
 * and Emergency Responder still use until their own drivers (AXL, platform CLI over SSH) replace it. Unity Connection
 * no longer uses it: it speaks CUPI (../cuc/cuc.wire-format.ts). Nothing here is Cisco's: delete this folder once
 * no driver imports it.
 */

/** Admin credentials, HTTP Basic, on every operation [NF]. */
export const SMART_AGENT_REST_CREDENTIAL = 'admin' as const;

export const smartAgentRestPath = (prefix: string, operation: SmartAgentOperation): string => `${prefix}/${operation}`;

/** Success body of register, deregister, renewID, renewAuth and transportsettings (PUT). */
export const restSuccessSchema = z.object({ code: z.literal('SUCCESS'), message: z.string().optional() }).loose();

/** Error answers: the mapping row's HTTP status and `{"code","message"}`. */
export const REST_ERROR_MESSAGE_KEYS = ['message'] as const;

export const registerBody = (token: string, force: boolean): string => JSON.stringify({ token, force });

const text = z.union([z.string(), z.number()]).transform(String);
const blankToNull = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v);

/** `transportsettings` mode numbers: 0 Direct, 1 Proxy (proxyIp, proxyPort), 2 Satellite / transport gateway (gatewayUrl). */
export const restTransportSchema = z
  .object({ mode: z.coerce.number().int(), proxyIp: text.optional(), proxyPort: z.coerce.number().int().optional(), gatewayUrl: z.string().optional() })
  .loose();

export const toRestTransport = (s: CaaTransportSettings): string =>
  JSON.stringify(
    s.mode === 'Direct'
      ? { mode: 0 }
      : s.mode === 'Proxy'
        ? { mode: 1, proxyIp: s.proxy?.host, proxyPort: s.proxy?.port }
        : { mode: 2, gatewayUrl: s.satelliteUrl },
  );

export const fromRestTransport = (t: z.infer<typeof restTransportSchema>): CaaTransportSettings => {
  if (t.mode === 1) return { mode: 'Proxy', proxy: { host: t.proxyIp ?? '', port: t.proxyPort ?? 0 } };
  if (t.mode === 2) return { mode: 'Satellite', satelliteUrl: t.gatewayUrl ?? '' };
  return { mode: 'Direct' };
};

/** `GET <prefix>/licensedetails` answer. */
export const licenseDetailsSchema = z
  .object({
    LicenseMode: z.enum(LICENSE_MODES).optional(),
    ProductInstanceName: z.string().optional(),
    Register: z
      .object({
        Status: z.string(),
        State: z.enum(['EVALUATION', 'REGISTERED', 'DEREGISTERED']),
        SmartAccount: z.string().optional(),
        VirtualAccount: z.string().optional(),
        RegistrationDate: z.string().optional(),
        RegistrationExpires: z.string().optional(),
      })
      .loose(),
    Authorization: z.object({ Status: z.string(), AuthorizationExpires: z.string().optional() }).loose(),
    TransportSettings: restTransportSchema.optional(),
    PublisherHostname: z.string().optional(),
    Licenses: z.array(z.object({ Name: z.string(), Count: z.coerce.number().int().nonnegative(), Status: z.string().optional() }).loose()).default([]),
  })
  .loose();
export type LicenseDetails = z.infer<typeof licenseDetailsSchema>;

const REGISTRATION_STATE = { EVALUATION: 'evaluation', REGISTERED: 'registered', DEREGISTERED: 'deregistered' } as const;

export const nodeStateFromLicenseDetails = (d: LicenseDetails, node: { hostname: string; address: string }): AgentNodeState => ({
  hostname: node.hostname,
  address: node.address,
  registrationStatus: REGISTRATION_STATE[d.Register.State],
  authorizationStatus: d.Authorization.Status,
  smartAccount: blankToNull(d.Register.SmartAccount),
  virtualAccount: blankToNull(d.Register.VirtualAccount),
  registrationExpires: blankToNull(d.Register.RegistrationExpires),
  authorizationExpires: blankToNull(d.Authorization.AuthorizationExpires),
});
