import { BadRequestException, ForbiddenException, NotFoundException, PayloadTooLargeException, UnauthorizedException, type ArgumentsHost } from '@nestjs/common';
import type { Logger } from 'pino';
import { catalogueEntry, SyncCommands, type SmartlicError } from '#libs/contracts';
import { CommandFailedError, NoRespondersError, RequestTimeoutError } from '#libs/messaging';
import { ProblemDetailsFilter, type ProblemDetails } from '../problem-details.filter.js';

interface Answer {
  status: number;
  contentType: string;
  problem: ProblemDetails;
}

const logged: Record<string, unknown>[] = [];
const logger = { error: (fields: Record<string, unknown>) => logged.push(fields) } as unknown as Logger;
const sut = new ProblemDetailsFilter(logger);

/** Runs the filter as Nest would for an HTTP request, and returns what it answered. */
const answer = (exception: unknown, req: { body?: unknown; params?: Record<string, string>; query?: Record<string, string> } = {}): Answer => {
  const out: Partial<Answer> = {};
  const res = {
    status: (status: number) => ((out.status = status), res),
    type: (type: string) => ((out.contentType = type), res),
    send: (body: string) => ((out.problem = JSON.parse(body) as ProblemDetails), res),
  };
  const request = { originalUrl: '/api/v1/somewhere', body: undefined, params: {}, query: {}, ...req };
  const host = { getType: () => 'http', switchToHttp: () => ({ getRequest: () => request, getResponse: () => res }) } as unknown as ArgumentsHost;
  sut.catch(exception, host);
  return out as Answer;
};

const refusal = (error: SmartlicError) => new CommandFailedError(SyncCommands.getSmartAccount.subject, error);

describe('ProblemDetailsFilter', () => {
  beforeEach(() => {
    logged.length = 0;
  });

  it("answers a service's refusal with its code's status, the guide's title and recommendation, and the instance", () => {
    const { status, contentType, problem } = answer(refusal({ code: 'SLM1014', message: 'VA va-1 has no license mode' }));
    expect(status).toBe(409);
    expect(contentType).toBe('application/problem+json');
    expect(problem).toEqual({
      type: 'https://smartlic.dev/problems/SLM1014',
      title: catalogueEntry('SLM1014').message,
      status: 409,
      detail: 'VA va-1 has no license mode',
      code: 'SLM1014',
      recommendedAction: catalogueEntry('SLM1014').recommendedAction,
      instance: '/api/v1/somewhere',
    });
  });

  it("keeps the service's own recommended action when it gives one", () => {
    const { status, problem } = answer(refusal({ code: 'VA_LICENSE_MODE_LOCKED', message: 'locked', recommendedAction: 'Disable auto-registration first' }));
    expect(status).toBe(409);
    expect(problem.recommendedAction).toBe('Disable auto-registration first');
  });

  it('SLMCT1001 for a VA named in the body is a 400 naming the body field', () => {
    const { status, problem } = answer(
      refusal({ code: 'SLMCT1001', message: 'Virtual Account is not valid', details: { field: 'operationalLicenses.operationalVirtualAccount', reason: 'va-x does not exist' } }),
      { body: { operationalLicenses: { operationalVirtualAccount: 'va-x' } } },
    );
    expect(status).toBe(400);
    expect(problem.errors).toEqual([{ field: 'operationalLicenses.operationalVirtualAccount', message: 'va-x does not exist' }]);
  });

  it("SLMCT1001 for the VA of the path is a 404 naming the path parameter (the service names its own field)", () => {
    const { status, problem } = answer(refusal({ code: 'SLMCT1001', message: 'Virtual Account is not valid', details: { field: 'virtualAccountId' } }), { params: { id: 'b6f3c9a4-0000-4000-8000-000000000000' }, body: { clusterIds: ['c1'] } });
    expect(status).toBe(404);
    expect(problem.errors).toEqual([{ field: 'path.id', message: 'Virtual Account is not valid' }]);
  });

  it('an unknown id given as a query filter is a 404 naming query.<name>', () => {
    const { status, problem } = answer(refusal({ code: 'NOT_FOUND', message: 'Smart account s does not exist', details: { field: 'smartAccountId' } }), { query: { smartAccountId: 's' } });
    expect(status).toBe(404);
    expect(problem.errors).toEqual([{ field: 'query.smartAccountId', message: 'Smart account s does not exist' }]);
  });

  it('an unknown id in a body field stays a 404 naming that field', () => {
    const { status, problem } = answer(refusal({ code: 'NOT_FOUND', message: 'Cluster(s) c9 do not exist', details: { field: 'clusterIds' } }), { body: { clusterIds: ['c9'] }, params: { id: 'va' } });
    expect(status).toBe(404);
    expect(problem.errors).toEqual([{ field: 'clusterIds', message: 'Cluster(s) c9 do not exist' }]);
  });

  it("a code this gateway does not know (a newer peer's) is 422 with the service's words", () => {
    const { status, problem } = answer(refusal({ code: 'FUTURE_CODE', message: 'something new failed' }));
    expect(status).toBe(422);
    expect(problem).toMatchObject({ code: 'FUTURE_CODE', title: 'something new failed', detail: 'something new failed' });
    expect(problem.recommendedAction).toBeUndefined();
  });

  it('a service that does not answer is 503 with its own code', () => {
    expect(answer(new NoRespondersError(SyncCommands.getSmartAccount.subject))).toMatchObject({ status: 503, problem: { code: 'NO_RESPONDERS', recommendedAction: expect.stringContaining('Start the service') } });
    expect(answer(new RequestTimeoutError(SyncCommands.getSmartAccount.subject, 10))).toMatchObject({ status: 503, problem: { code: 'REQUEST_TIMEOUT' } });
  });

  it("an unexpected error is a 500 that says where it is logged, never the error's text", () => {
    const { status, problem } = answer(new Error('relation "smart_account" does not exist'));
    expect(status).toBe(500);
    expect(problem.code).toBe('INTERNAL_ERROR');
    expect(JSON.stringify(problem)).not.toContain('smart_account');
    expect(logged).toHaveLength(1);
    expect(problem.detail).toBe(`An unexpected error occurred (logged as ${String(logged[0]!.errorId)})`);
  });

  it("gives Nest's and the guard's HTTP exceptions a catalogue code", () => {
    expect(answer(new UnauthorizedException('A bearer token is required'))).toMatchObject({ status: 401, problem: { code: 'UNAUTHORIZED', detail: 'A bearer token is required' } });
    expect(answer(new ForbiddenException('This operation needs the admin role'))).toMatchObject({ status: 403, problem: { code: 'FORBIDDEN' } });
    expect(answer(new NotFoundException('Cannot GET /api/v1/nothing'))).toMatchObject({ status: 404, problem: { code: 'NOT_FOUND' } });
    expect(answer(new PayloadTooLargeException('request entity too large'))).toMatchObject({ status: 413, problem: { code: 'INVALID_REQUEST' } });
  });

  it("keeps a validation pipe's code and the fields it names", () => {
    const errors = [{ field: 'query.limit', message: 'Too small' }];
    const { status, problem } = answer(new BadRequestException({ message: 'Invalid request: query.limit: Too small', code: 'VALIDATION_FAILED', errors }));
    expect(status).toBe(400);
    expect(problem).toMatchObject({ code: 'VALIDATION_FAILED', errors, detail: 'Invalid request: query.limit: Too small' });
  });
});
