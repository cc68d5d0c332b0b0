import { Catch, HttpException, HttpStatus, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { trace } from '@opentelemetry/api';
import { SMARTLIC_ERROR_CODES, errorEntry, type ErrorKind, type SmartlicErrorCode } from '#libs/contracts';
import { CommandFailedError, NoRespondersError, RequestTimeoutError } from '#libs/messaging';
import { PINO_LOGGER } from '#libs/service-kit';
import { httpStatusOf } from './http-status.js';

/** RFC 7807 body; `code`, `recommendedAction` and `errors` are extension members. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code?: string;
  recommendedAction?: string;
  /** The fields at fault: a body field by its path (`proxy.port`), `path.<name>` and `query.<name>` for parameters. */
  errors?: { field: string; message: string }[];
  traceId?: string;
}

/** The catalogue code of an HTTP exception Nest or a guard raised without one (unknown route, no token, a body that is not JSON). */
const CODE_OF_STATUS: Partial<Record<number, SmartlicErrorCode>> = {
  400: SMARTLIC_ERROR_CODES.INVALID_REQUEST,
  401: SMARTLIC_ERROR_CODES.UNAUTHORIZED,
  403: SMARTLIC_ERROR_CODES.FORBIDDEN,
  404: SMARTLIC_ERROR_CODES.NOT_FOUND,
};

const titleOf = (status: number): string => HttpStatus[status]?.replace(/_/g, ' ').toLowerCase() ?? 'error';

/** A catalogue code's problem: status from its kind, its recommended action unless the service gave a better one. */
const problemOf = (code: string, kind: ErrorKind, detail: string, recommendedAction?: string): ProblemDetails => {
  const status = httpStatusOf(kind);
  const action = recommendedAction ?? errorEntry(code)?.recommendedAction;
  const problem: ProblemDetails = { type: `https://smartlic.dev/problems/${code}`, title: errorEntry(code)?.message ?? titleOf(status), status, detail, code };
  if (action) problem.recommendedAction = action;
  return problem;
};

/** The body field a service's refusal names (`details.field`, e.g. `operationalLicenses.operationalVirtualAccount`), if the request has it. */
const bodyField = (field: unknown, body: unknown): string | undefined => {
  if (typeof field !== 'string' || typeof body !== 'object' || body === null) return undefined;
  return Object.hasOwn(body, field.split('.')[0]!) ? field : undefined;
};

/**
 * Where an unknown id was given when not in the body: the path or query parameter the service named, else the route's
 * last path parameter (its resource: the service names its own field, e.g. `smartAccountId` for the path's `id`).
 */
const parameterOf = (field: unknown, req: Request): string | undefined => {
  const path = Object.keys(req.params ?? {});
  const query = typeof req.query === 'object' && req.query !== null ? Object.keys(req.query) : [];
  if (typeof field === 'string' && path.includes(field)) return `path.${field}`;
  if (typeof field === 'string' && query.includes(field)) return `query.${field}`;
  return path.length ? `path.${path.at(-1)}` : undefined;
};

/** Every error of the REST API as application/problem+json, one shape for all: status from the code's kind. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(@Inject(PINO_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const problem = this.toProblem(exception, req);
    problem.instance = req.originalUrl;
    problem.traceId = trace.getActiveSpan()?.spanContext().traceId;
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, req: Request): ProblemDetails {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const extra = typeof response === 'object' && response !== null ? (response as Partial<ProblemDetails> & { message?: unknown }) : {};
      const detail = typeof response === 'string' ? response : typeof extra.message === 'string' ? extra.message : exception.message;
      // Any other client error (a body too large, a media type refused) is still the caller's request to correct.
      const code = extra.code ?? CODE_OF_STATUS[status] ?? (status < 500 ? SMARTLIC_ERROR_CODES.INVALID_REQUEST : undefined);
      const problem: ProblemDetails = { type: `https://smartlic.dev/problems/${code ?? status}`, title: titleOf(status), status, detail };
      if (code) problem.code = code;
      const action = code ? errorEntry(code)?.recommendedAction : undefined;
      if (action) problem.recommendedAction = action;
      if (extra.errors) problem.errors = extra.errors;
      return problem;
    }
    if (exception instanceof CommandFailedError) return this.commandProblem(exception, req);
    if (exception instanceof NoRespondersError || exception instanceof RequestTimeoutError) {
      const code = exception.kind === 'timeout' ? SMARTLIC_ERROR_CODES.REQUEST_TIMEOUT : SMARTLIC_ERROR_CODES.NO_RESPONDERS;
      return problemOf(code, 'unavailable', exception.message);
    }
    const errorId = randomUUID();
    this.logger.error({ err: exception, errorId, path: req.originalUrl }, 'unexpected error in a REST request');
    return problemOf(SMARTLIC_ERROR_CODES.INTERNAL_ERROR, 'internal', `An unexpected error occurred (logged as ${errorId})`);
  }

  /** A service's refusal: the code's kind gives the status; the field it names is a body field or a path parameter. */
  private commandProblem(exception: CommandFailedError, req: Request): ProblemDetails {
    const { code, message, recommendedAction, details } = exception.error;
    const entry = errorEntry(code);
    const inBody = bodyField(details?.field, req.body);
    const kind: ErrorKind = (inBody ? entry?.kindForBodyField : undefined) ?? entry?.kind ?? 'failed';
    const problem = problemOf(code, kind, message, recommendedAction);
    // The catalogue's title (the guide's message) and the service's detail; an unknown code keeps the service's words.
    if (!entry) problem.title = message;
    const reason = typeof details?.reason === 'string' ? details.reason : message;
    const param = inBody === undefined && kind === 'not_found' ? parameterOf(details?.field, req) : undefined;
    if (inBody) problem.errors = [{ field: inBody, message: reason }];
    else if (param) problem.errors = [{ field: param, message: reason }];
    return problem;
  }
}
