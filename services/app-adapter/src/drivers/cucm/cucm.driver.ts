import { SmartlicException, type SmartAgentOperation } from '#libs/contracts';
import { smartAgentError, type CallContext } from '../app-error.mapper.js';
import { publisherOf, type ClusterTarget, type TargetNode } from '../cluster-target.js';
import type { UcHttpClient, UcResponse } from '../http/uc-http.client.js';
import { SmartAgentRestDriver } from '../smart-agent-rest/smart-agent-rest.driver.js';
import type { AgentStatus } from '../smart-agent.driver.js';
import {
  AXL_CREDENTIAL,
  AXL_PATH,
  axlBody,
  axlEnvelope,
  axlFaultSchema,
  axlHeaders,
  axlLicenseDetailsSchema,
  axlResponseElement,
  axlReturnSchema,
  CUCM_SMART_LICENSE_PREFIX,
  type AxlOperation,
} from './cucm.wire-format.js';

const AXL_OPERATION_ROWS: Record<AxlOperation, SmartAgentOperation> = {
  doSmartLicenseRegister: 'register',
  doSmartLicenseDeRegister: 'deregister',
  getSmartLicenseStatus: 'licensedetails',
};

const REGISTRATION_STATE = { EVALUATION: 'evaluation', REGISTERED: 'registered', DEREGISTERED: 'deregistered' } as const;
const blankToNull = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v);

/** Unified CM: AXL SOAP for register, deregister and status; the smart-agent REST API for the rest. */
export class CucmDriver extends SmartAgentRestDriver {
  constructor(http: UcHttpClient) {
    super('cucm', http, CUCM_SMART_LICENSE_PREFIX);
  }

  override async register(target: ClusterTarget, token: string, force: boolean): Promise<TargetNode[]> {
    const node = publisherOf(target);
    const body = await this.axl(target, node, 'doSmartLicenseRegister', { token, force: String(force) });
    this.expect(axlReturnSchema, body, target, node);
    return [node];
  }

  override async deregister(target: ClusterTarget): Promise<TargetNode[]> {
    const node = publisherOf(target);
    const body = await this.axl(target, node, 'doSmartLicenseDeRegister');
    this.expect(axlReturnSchema, body, target, node);
    return [node];
  }

  override async status(target: ClusterTarget): Promise<AgentStatus> {
    const node = publisherOf(target);
    const body = await this.axl(target, node, 'getSmartLicenseStatus');
    const d = this.expect(axlLicenseDetailsSchema, (body as { LicenseDetails?: unknown }).LicenseDetails, target, node);
    return {
      licenseMode: d.LicenseMode ?? null,
      nodes: [
        {
          hostname: node.hostname,
          address: node.address,
          registrationStatus: REGISTRATION_STATE[d.Registration.State],
          authorizationStatus: d.Authorization.Status,
          smartAccount: blankToNull(d.Registration.SmartAccountName),
          virtualAccount: blankToNull(d.Registration.VirtualAccountName),
          registrationExpires: blankToNull(d.Registration.RegistrationExpires),
          authorizationExpires: blankToNull(d.Authorization.AuthorizationExpires),
        },
      ],
    };
  }

  /** The operation's response element; a fault becomes the mapping-table row of the operation. */
  private async axl(target: ClusterTarget, node: TargetNode, operation: AxlOperation, fields: Record<string, string> = {}): Promise<unknown> {
    const context = this.context(target, node);
    const res = await this.http.send(target, node, {
      method: 'POST',
      path: AXL_PATH,
      credential: AXL_CREDENTIAL,
      body: axlEnvelope(operation, fields),
      contentType: 'text/xml; charset=utf-8',
      headers: axlHeaders(operation),
      idempotent: operation === 'getSmartLicenseStatus',
    });
    if (res.status === 401) throw SmartlicException.fromCode('CAA1035', { ...context, httpStatus: 401 });
    const body = axlBody(res.text);
    if (!body) throw this.unparseable(res, context);
    if (res.status === 200) {
      const element = body[axlResponseElement(operation)];
      if (element === undefined) throw SmartlicException.fromCode('CAA1037', { ...context, httpStatus: res.status, reason: `no ${axlResponseElement(operation)} element` });
      return element;
    }
    const fault = axlFaultSchema.safeParse(body.Fault);
    if (!fault.success) throw this.unparseable(res, context);
    const axlError = fault.data.detail?.axlError;
    const rowOperation = AXL_OPERATION_ROWS[operation];
    if (axlError && axlError.axlcode > 0) {
      const error = smartAgentError(rowOperation, axlError.axlcode, axlError.axlmessage || fault.data.faultstring, context);
      throw await this.subscriberAware(target, node, error, axlError.axlcode);
    }
    // An AXL error that is not a smart-agent answer (axlcode -1: unparseable request, unknown operation).
    throw SmartlicException.fromCode('CAA1036', { ...context, httpStatus: res.status, upstreamMessage: fault.data.faultstring.slice(0, 500), axlcode: axlError?.axlcode ?? null });
  }

  private expect<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown, target: ClusterTarget, node: TargetNode): T {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw SmartlicException.fromCode('CAA1037', { ...this.context(target, node), reason: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') });
  }

  private unparseable(res: UcResponse, context: CallContext): SmartlicException {
    return SmartlicException.fromCode('CAA1037', { ...context, httpStatus: res.status, contentType: res.contentType, reason: 'answer is not a SOAP envelope' });
  }
}
