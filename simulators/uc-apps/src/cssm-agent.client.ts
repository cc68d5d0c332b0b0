import { Agent, request } from 'undici';
import type { AuthorizationStatus } from './smart-agent.state.js';
import type { LicenseUsage } from './scenario.schema.js';

/** The CSSM simulator's smart-agent backend (`/sim/agent/*`), as the UC applications' agents reach it. */
export interface CssmRegisterRequest {
  token: string;
  instanceId: string;
  productType: 'cucm' | 'cuc' | 'cer' | 'expressway';
  hostname: string;
  licenseMode: 'HCS' | 'Enterprise';
  usage: LicenseUsage[];
}

export interface CssmRegistration {
  smartAccount: string;
  virtualAccount: string;
  registeredAt: string;
  registrationExpires: string;
  authorizationExpires: string;
  authorizationStatus: AuthorizationStatus;
  exportControlled: boolean;
}

/**
 * How a call to CSSM ended: an HTTP answer, or no answer at all. `send` = the request could not be sent
 * (connection refused, reset, DNS), `timeout` = sent but not answered in time. These map to the guide's
 * "communication send error" and "communication timeout" rows.
 */
export type CssmResult = { kind: 'answer'; status: number; body: Record<string, unknown> } | { kind: 'send' } | { kind: 'timeout' };

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

export class CssmAgentClient {
  private readonly dispatcher: Agent;

  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {
    this.dispatcher = new Agent({ headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connect: { timeout: timeoutMs } });
  }

  register(body: CssmRegisterRequest): Promise<CssmResult> {
    return this.post('/sim/agent/register', body);
  }

  deregister(instanceId: string): Promise<CssmResult> {
    return this.post('/sim/agent/deregister', { instanceId });
  }

  reportUsage(instanceId: string, usage: LicenseUsage[], licenseMode: 'HCS' | 'Enterprise'): Promise<CssmResult> {
    return this.post('/sim/agent/usage', { instanceId, usage, licenseMode });
  }

  renewId(instanceId: string): Promise<CssmResult> {
    return this.post('/sim/agent/renew-id', { instanceId });
  }

  renewAuth(instanceId: string): Promise<CssmResult> {
    return this.post('/sim/agent/renew-auth', { instanceId });
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }

  private async post(path: string, body: unknown): Promise<CssmResult> {
    try {
      const res = await request(new URL(path, this.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        dispatcher: this.dispatcher,
        // A hung CSSM must surface as a timeout even if the connect/headers timers were already satisfied.
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await res.body.text();
      let parsed: unknown = {};
      try {
        parsed = text ? JSON.parse(text) : {};
      } catch {
        parsed = {};
      }
      const record = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
      return { kind: 'answer', status: res.statusCode, body: record };
    } catch (error) {
      const e = error as { code?: string; name?: string; cause?: { code?: string } };
      const code = e.code ?? e.cause?.code;
      if (e.name === 'TimeoutError' || e.name === 'AbortError' || (code !== undefined && TIMEOUT_CODES.has(code))) return { kind: 'timeout' };
      return { kind: 'send' };
    }
  }
}

/** The registration fields of a CSSM register / renew answer (missing fields keep the previous values). */
export const readRegistration = (body: Record<string, unknown>): Partial<CssmRegistration> => {
  const out: Partial<CssmRegistration> = {};
  for (const key of ['smartAccount', 'virtualAccount', 'registeredAt', 'registrationExpires', 'authorizationExpires'] as const) {
    if (typeof body[key] === 'string') out[key] = body[key];
  }
  if (body.authorizationStatus === 'AUTHORIZED' || body.authorizationStatus === 'OUT_OF_COMPLIANCE') out.authorizationStatus = body.authorizationStatus;
  if (typeof body.exportControlled === 'boolean') out.exportControlled = body.exportControlled;
  return out;
};
