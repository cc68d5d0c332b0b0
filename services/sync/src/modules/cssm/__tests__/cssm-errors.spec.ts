import { classifyHttpStatus, classifyNetworkError, isUnknownVirtualAccount } from '../cssm-errors.js';

const systemError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });
const wrapped = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: systemError(code) });

describe('CSSM failures → the guide’s CSSM codes', () => {
  it.each([
    ['ECONNREFUSED', 'CSSM1005', false],
    ['ENOTFOUND', 'CSSM1006', false],
    ['EAI_AGAIN', 'CSSM1006', false],
    ['EHOSTUNREACH', 'CSSM1008', false],
    ['ENETUNREACH', 'CSSM1008', false],
    ['UND_ERR_CONNECT_TIMEOUT', 'CSSM1007', true],
    ['UND_ERR_HEADERS_TIMEOUT', 'CSSM1007', true],
    ['ECONNRESET', 'CSSM1004', true],
  ])('%s → %s (retryable: %s), also when wrapped in a cause', (code, expected, retryable) => {
    const sut = classifyNetworkError(wrapped(code), { operation: 'licenses' });
    expect(sut.exception.code).toBe(expected);
    expect(sut.retryable).toBe(retryable);
    expect(sut.exception.details).toMatchObject({ operation: 'licenses', cause: code });
  });

  it('finds the code inside an AggregateError (happy eyeballs tried several addresses)', () => {
    expect(classifyNetworkError(new AggregateError([systemError('EHOSTUNREACH')]), {}).exception.code).toBe('CSSM1008');
  });

  it('a proxy refusing the tunnel (407) is a refused connection naming the proxy status', () => {
    const sut = classifyNetworkError(new Error('Proxy response (407) !== 200 when HTTP Tunneling'), {});
    expect(sut.exception.code).toBe('CSSM1005');
    expect(sut.exception.details).toMatchObject({ proxyStatus: 407 });
  });

  it.each([
    [401, 'CSSM1011', false],
    [403, 'CSSM1015', false],
    [404, 'CSSM1019', false],
    [429, 'CSSM1020', true],
    [500, 'CSSM1020', true],
    [503, 'CSSM1020', true],
    [400, 'CSSM1020', false],
  ])('HTTP %i → %s (retryable: %s)', (status, expected, retryable) => {
    const sut = classifyHttpStatus(status, 'upstream says no', {});
    expect([sut.exception.code, sut.retryable]).toEqual([expected, retryable]);
    expect(sut.exception.details).toMatchObject({ httpStatus: status, upstreamMessage: 'upstream says no' });
  });

  it('a 404 about a virtual account is not an unknown smart account', () => {
    const sut = classifyHttpStatus(404, "Virtual Account 'va-x' does not exist", {});
    expect(sut.exception.code).not.toBe('CSSM1019');
    expect(isUnknownVirtualAccount(sut.exception)).toBe(true);
  });
});
