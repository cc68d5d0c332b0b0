import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { trace } from '@opentelemetry/api';
import { CommandFailedError, COMMAND_ERROR_CODES, NoRespondersError, RequestTimeoutError } from '#libs/messaging';

/** RFC 7807 body; `code`, `recommendedAction` and `errors` are extension members. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code?: string;
  recommendedAction?: string;
  errors?: { field: string; message: string }[];
  traceId?: string;
}

/** Reporting's codes with their own HTTP status: a report not generated yet; the SFTP servers failed. */
const REPORTING_STATUS: Record<string, number> = { REPORT_NOT_READY: 409, REPORT_DELIVERY_FAILED: 502 };

/** Registration's and license-mode's refusals of a whole request (per-cluster failures are failed jobs). */
const REGISTRATION_STATUS: Record<string, number> = { SLMCT1001: 404, SLM1014: 409, VA_LICENSE_MODE_LOCKED: 409, SLMCT1004: 503 };

/** Codes whose status depends on where the refused value was: SLMCT1001 for a VA named in the body is bad input, in the path not found. */
const BODY_FIELD_STATUS: Record<string, number> = { SLMCT1001: 400 };

/** sync's refusals: transport change or removal while clusters are assigned, a smart account configured twice. */
const SYNC_STATUS: Record<string, number> = { SYNC_TRANSPORT_CHANGE_REFUSED: 409, SYNC_SMART_ACCOUNT_IN_USE: 409, SYNC_SMART_ACCOUNT_EXISTS: 409, SYNC_OPERATIONAL_LICENSES_TAKEN: 409 };

const statusForCode = (code: string): number =>
  REGISTRATION_STATUS[code] ??
  SYNC_STATUS[code] ??
  REPORTING_STATUS[code] ??
  (code === COMMAND_ERROR_CODES.notFound ? 404 : code === COMMAND_ERROR_CODES.invalidRequest ? 400 : code === COMMAND_ERROR_CODES.internal ? 500 : 422);

/** The field a service's refusal names (`details.field`) when it is one of the request body's (e.g. `operationalLicenses.operationalVirtualAccount`): the problem names it in `errors`. */
const bodyField = (details: Record<string, unknown> | undefined, body: unknown): string | undefined => {
  const field = details?.field;
  if (typeof field !== 'string' || typeof body !== 'object' || body === null) return undefined;
  return Object.hasOwn(body, field.split('.')[0]!) ? field : undefined;
};

/** Every error of the REST API as application/problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const problem = this.toProblem(exception, req.body);
    problem.instance = req.originalUrl;
    problem.traceId = trace.getActiveSpan()?.spanContext().traceId;
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, body: unknown): ProblemDetails {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const extra = typeof body === 'object' && body !== null ? (body as Partial<ProblemDetails> & { message?: unknown }) : {};
      const detail = typeof body === 'string' ? body : typeof extra.message === 'string' ? extra.message : exception.message;
      return { type: `https://smartlic.dev/problems/${status}`, title: HttpStatus[status]?.replace(/_/g, ' ').toLowerCase() ?? 'error', status, detail, code: extra.code, errors: extra.errors };
    }
    if (exception instanceof CommandFailedError) {
      const { code, message, recommendedAction, details } = exception.error;
      const field = bodyField(details, body);
      const status = (field ? BODY_FIELD_STATUS[code] : undefined) ?? statusForCode(code);
      const problem: ProblemDetails = { type: `https://smartlic.dev/problems/${code}`, title: message, status, detail: message, code, recommendedAction };
      if (field) problem.errors = [{ field, message: typeof details?.reason === 'string' ? details.reason : message }];
      return problem;
    }
    if (exception instanceof NoRespondersError || exception instanceof RequestTimeoutError) {
      return { type: 'https://smartlic.dev/problems/service-unavailable', title: 'service unavailable', status: 503, detail: exception.message, code: exception.kind === 'timeout' ? 'REQUEST_TIMEOUT' : 'NO_RESPONDERS' };
    }
    return { type: 'https://smartlic.dev/problems/500', title: 'internal server error', status: 500, detail: 'An unexpected error occurred' };
  }
}
