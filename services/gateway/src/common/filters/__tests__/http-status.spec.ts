import { ERROR_CATALOGUE, ERROR_KINDS, SMARTLIC_ERROR_CATALOGUE, errorKindOf, type ErrorKind } from '#libs/contracts';
import { httpStatusOf } from '../http-status.js';

describe('httpStatusOf', () => {
  it.each<[ErrorKind, number]>([
    ['invalid', 400],
    ['unauthorized', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['conflict', 409],
    ['failed', 422],
    ['internal', 500],
    ['upstream', 502],
    ['unavailable', 503],
  ])('%s is %i', (kind, status) => {
    expect(httpStatusOf(kind)).toBe(status);
  });

  it('gives every kind its own status', () => {
    const statuses = ERROR_KINDS.map(httpStatusOf);
    expect(new Set(statuses).size).toBe(ERROR_KINDS.length);
  });

  it('refuses a kind it does not know (a value from outside the type system)', () => {
    expect(() => httpStatusOf('teapot' as ErrorKind)).toThrow('no HTTP status for error kind teapot');
  });

  it("answers 5xx only for smartlic's own faults and unreachable peers, never for a client's mistake", () => {
    const clientMistakes = [...Object.values(ERROR_CATALOGUE), ...Object.values(SMARTLIC_ERROR_CATALOGUE)].filter((e) => ['invalid', 'not_found', 'conflict'].includes(e.kind));
    expect(clientMistakes.length).toBeGreaterThan(5);
    for (const entry of clientMistakes) expect(httpStatusOf(entry.kind)).toBeLessThan(500);
    expect(httpStatusOf(errorKindOf('INTERNAL_ERROR'))).toBe(500);
  });

  it('keeps the statuses the API has always answered for these codes', () => {
    const status = (code: string) => httpStatusOf(errorKindOf(code));
    expect(status('NOT_FOUND')).toBe(404);
    expect(status('INVALID_REQUEST')).toBe(400);
    expect(status('SLMCT1001')).toBe(404);
    expect(status('SLM1014')).toBe(409);
    expect(status('VA_LICENSE_MODE_LOCKED')).toBe(409);
    expect(status('SYNC_TRANSPORT_CHANGE_REFUSED')).toBe(409);
    expect(status('REPORT_NOT_READY')).toBe(409);
    expect(status('REPORT_DELIVERY_FAILED')).toBe(502);
    expect(status('SLMCT1004')).toBe(503);
    expect(status('CAA1063')).toBe(422);
    // A code from a newer peer that this gateway does not know yet.
    expect(status('FUTURE_CODE')).toBe(422);
  });
});
