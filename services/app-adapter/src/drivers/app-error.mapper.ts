import {
  catalogueEntry,
  findSmartAgentRestError,
  SmartlicException,
  type ErrorCode,
  type SmartAgentOperation,
} from '#libs/contracts';
import type { z } from 'zod';
import type { UcResponse } from './http/uc-http.client.js';

/** Where a failure happened, carried in the error details (never credentials). */
export interface CallContext {
  clusterId: string;
  node: string;
}

/** Code of a smart-agent operation failure that matches no mapping-table row. */
const OPERATION_FAILURE: Record<SmartAgentOperation, ErrorCode> = {
  register: 'CAA1081',
  deregister: 'CAA1082',
  transportsettings: 'CAA1083',
  renewID: 'CAA1050',
  renewAuth: 'CAA1050',
  licensedetails: 'CAA1036',
};

/** The UC-application API codes of the guide's UCAPI family, reported beside the CAA code. */
const UCAPI_CODE: Partial<Record<SmartAgentOperation, ErrorCode>> = { register: 'UCAPI1010', deregister: 'UCAPI1011', transportsettings: 'UCAPI1012' };

/**
 * A smart-agent error answer as the guide's catalogue error: a row of the "Smart Licensing Error Code and Message
 * Mapping" table keeps its message and recommended action (the row's CAA code, CAA1035 for the 401 row: the
 * credentials were refused); an answer matching no row becomes the operation's failure code with the upstream text.
 */
export const smartAgentError = (operation: SmartAgentOperation, httpStatus: number, message: string, context: CallContext, restCode?: string): SmartlicException => {
  const row = findSmartAgentRestError(operation, httpStatus, message);
  const ucapiCode = UCAPI_CODE[operation];
  if (row) {
    const code: ErrorCode = row.httpStatus === 401 ? 'CAA1035' : row.catalogueCode;
    const entry = catalogueEntry(code);
    return new SmartlicException({
      code,
      message: row.message,
      recommendedAction: row.recommendedAction || entry.recommendedAction,
      details: {
        ...context,
        operation,
        httpStatus,
        restCode: row.code,
        mappingRow: row.key,
        alarms: row.alarms,
        catalogueMessage: entry.message,
        ...(ucapiCode && row.httpStatus !== 401 ? { ucapiCode } : {}),
      },
    });
  }
  const code: ErrorCode = httpStatus === 401 ? 'CAA1035' : OPERATION_FAILURE[operation];
  return SmartlicException.fromCode(code, { ...context, operation, httpStatus, upstreamMessage: message.slice(0, 500), ...(restCode ? { restCode } : {}), ...(ucapiCode ? { ucapiCode } : {}) });
};

/** A JSON answer validated against its wire format; anything else is CAA1012 ("Invalid Response type provided"). */
export const parseJsonAnswer = <S extends z.ZodType>(res: UcResponse, schema: S, context: CallContext): z.infer<S> => {
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    throw SmartlicException.fromCode('CAA1012', { ...context, httpStatus: res.status, contentType: res.contentType, reason: 'answer is not JSON' });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw SmartlicException.fromCode('CAA1012', { ...context, httpStatus: res.status, reason: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') });
  }
  return parsed.data;
};

/** The `{message}`-like text of an error body, whatever its shape. */
export const errorText = (res: UcResponse, keys: readonly string[]): { message: string; code?: string } => {
  try {
    const body = JSON.parse(res.text) as Record<string, unknown>;
    const message = keys.map((k) => body[k]).find((v): v is string => typeof v === 'string') ?? '';
    const code = typeof body.code === 'string' ? body.code : typeof body.Code === 'string' ? body.Code : undefined;
    return code === undefined ? { message } : { message, code };
  } catch {
    return { message: res.text.slice(0, 500) };
  }
};
