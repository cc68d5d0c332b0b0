import type { z } from 'zod';
import { findSmartAgentRestError, SmartlicException, type SmartAgentOperation } from '#libs/contracts';
import { smartAgentError, type CallContext } from '../app-error.mapper.js';
import type { ClusterTarget, TargetNode } from '../cluster-target.js';
import type { UcHttpClient, UcResponse } from '../http/uc-http.client.js';
import {
  AXL_CREDENTIAL,
  AXL_OPERATION_ROWS,
  AXL_DEFAULT_PORT,
  AXL_PATH,
  AXL_READS,
  axlBody,
  axlEnvelope,
  axlFaultSchema,
  axlHeaders,
  axlResponseElement,
  axlVersionFor,
  isAxlSuccess,
  type AxlRequest,
} from './cucm.wire-format.js';

// Statuses of the guide's mapping rows; a row is known by its operation and message, the status only disambiguates.
const ROW_STATUSES = [400, 405, 500, 401] as const;

const rowStatusOf = (operation: SmartAgentOperation, message: string, axlcode: number | undefined): number | undefined => {
  const candidates = axlcode !== undefined && (ROW_STATUSES as readonly number[]).includes(axlcode) ? [axlcode, ...ROW_STATUSES] : ROW_STATUSES;
  return candidates.find((status) => findSmartAgentRestError(operation, status, message) !== undefined);
};

/**
 * One AXL SOAP request to a Unified CM node and its answer: the operation's response element, validated against its
 * wire format. Failures are catalogue errors: refused credentials CAA1035; an answer that is not the expected SOAP
 * CAA1037; a fault (or a `<return>` other than Success) carrying a row of the guide's mapping table that row through
 * smartAgentError; a fault AXL itself raised (faultcode Client: unknown request, version) CAA1036; any other failure
 * the operation's failure code with the upstream text.
 */
export class AxlClient {
  constructor(private readonly http: UcHttpClient) {}

  async call<S extends z.ZodType>(target: ClusterTarget, node: TargetNode, request: AxlRequest, schema: S): Promise<z.infer<S>> {
    const context: CallContext = { clusterId: target.clusterId, node: node.hostname };
    const version = axlVersionFor(target.version);
    const res = await this.http.send(target, node, {
      method: 'POST',
      path: AXL_PATH,
      defaultPort: AXL_DEFAULT_PORT,
      credential: AXL_CREDENTIAL,
      body: axlEnvelope(version, request),
      contentType: 'text/xml; charset=utf-8',
      headers: axlHeaders(version, request.operation),
      idempotent: AXL_READS.has(request.operation),
    });
    if (res.status === 401) throw SmartlicException.fromCode('CAA1035', { ...context, httpStatus: 401 });
    const body = axlBody(res.text);
    if (!body) throw this.unparseable(res, context, 'answer is not a SOAP envelope');
    if (body.Fault !== undefined) {
      const fault = axlFaultSchema.safeParse(body.Fault);
      if (!fault.success) throw this.unparseable(res, context, 'SOAP fault without faultstring');
      const axlError = fault.data.detail?.axlError;
      throw this.failure(request, axlError?.axlmessage || fault.data.faultstring, context, { faultcode: fault.data.faultcode, axlcode: axlError?.axlcode, httpStatus: res.status });
    }
    const elementName = axlResponseElement(request.operation);
    if (res.status !== 200 || body[elementName] === undefined) throw this.unparseable(res, context, `no ${elementName} element`);
    const parsed = schema.safeParse(body[elementName]);
    if (!parsed.success) {
      throw SmartlicException.fromCode('CAA1037', {
        ...context,
        axlOperation: request.operation,
        reason: parsed.error.issues.map((i) => `${[elementName, ...i.path].join('.')}: ${i.message}`).join('; '),
      });
    }
    // The do* and get* answers carry a `<return>` text; listProcessNode's `<return>` holds the rows.
    const returned = (parsed.data as { return?: unknown }).return;
    if (typeof returned === 'string' && !isAxlSuccess(returned)) throw this.failure(request, returned, context, { httpStatus: res.status });
    return parsed.data;
  }

  private failure(request: AxlRequest, message: string, context: CallContext, fault: { faultcode?: string | undefined; axlcode?: number | undefined; httpStatus: number }): SmartlicException {
    const operation = AXL_OPERATION_ROWS[request.operation];
    const axl = { axlOperation: request.operation, axlcode: fault.axlcode ?? null };
    const rowStatus = operation ? rowStatusOf(operation, message, fault.axlcode) : undefined;
    if (operation && rowStatus !== undefined) return withDetails(smartAgentError(operation, rowStatus, message, context), axl);
    if (!operation || fault.faultcode?.endsWith('Client')) {
      return SmartlicException.fromCode('CAA1036', { ...context, ...axl, httpStatus: fault.httpStatus, upstreamMessage: message.slice(0, 500) });
    }
    return withDetails(smartAgentError(operation, fault.httpStatus, message, context), axl);
  }

  private unparseable(res: UcResponse, context: CallContext, reason: string): SmartlicException {
    return SmartlicException.fromCode('CAA1037', { ...context, httpStatus: res.status, contentType: res.contentType, reason });
  }
}

const withDetails = (error: SmartlicException, extra: Record<string, unknown>): SmartlicException =>
  new SmartlicException({ ...error.toJSON(), details: { ...error.details, ...extra } });
