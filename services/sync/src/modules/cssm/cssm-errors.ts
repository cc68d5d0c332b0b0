import { catalogueError, SmartlicException, type ErrorCode } from '#libs/contracts';

/** Node/undici error codes of a failed exchange, with the guide's CSSM code and whether another attempt may help. */
const NETWORK_FAILURES: Record<string, { code: ErrorCode; retryable: boolean }> = {
  ECONNREFUSED: { code: 'CSSM1005', retryable: false },
  ENOTFOUND: { code: 'CSSM1006', retryable: false },
  EAI_AGAIN: { code: 'CSSM1006', retryable: false },
  EAI_NONAME: { code: 'CSSM1006', retryable: false },
  EHOSTUNREACH: { code: 'CSSM1008', retryable: false },
  ENETUNREACH: { code: 'CSSM1008', retryable: false },
  EHOSTDOWN: { code: 'CSSM1008', retryable: false },
  ETIMEDOUT: { code: 'CSSM1007', retryable: true },
  UND_ERR_CONNECT_TIMEOUT: { code: 'CSSM1007', retryable: true },
  UND_ERR_HEADERS_TIMEOUT: { code: 'CSSM1007', retryable: true },
  UND_ERR_BODY_TIMEOUT: { code: 'CSSM1007', retryable: true },
  ECONNRESET: { code: 'CSSM1004', retryable: true },
  EPIPE: { code: 'CSSM1004', retryable: true },
  UND_ERR_SOCKET: { code: 'CSSM1004', retryable: true },
  UND_ERR_CLOSED: { code: 'CSSM1004', retryable: true },
};

/** Every error in a cause chain (undici wraps system errors; happy-eyeballs yields AggregateErrors). */
const causes = (error: unknown): { code?: string; message?: string; name?: string }[] => {
  const out: { code?: string; message?: string; name?: string }[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown) => {
    if (!e || typeof e !== 'object' || seen.has(e)) return;
    seen.add(e);
    out.push(e as { code?: string });
    visit((e as { cause?: unknown }).cause);
    for (const inner of (e as { errors?: unknown[] }).errors ?? []) visit(inner);
  };
  visit(error);
  return out;
};

export interface ClassifiedFailure {
  exception: SmartlicException;
  retryable: boolean;
}

/** A thrown request failure (no HTTP answer) as the guide's CSSM code. */
export const classifyNetworkError = (error: unknown, details: Record<string, unknown>): ClassifiedFailure => {
  if (error instanceof SmartlicException) return { exception: error, retryable: false };
  const chain = causes(error);
  for (const e of chain) {
    const known = e.code ? NETWORK_FAILURES[e.code] : undefined;
    if (known) return { exception: SmartlicException.fromCode(known.code, { ...details, cause: e.code }), retryable: known.retryable };
  }
  const proxyStatus = chain.map((e) => /Proxy response \((\d{3})\)/.exec(e.message ?? '')?.[1]).find(Boolean);
  if (proxyStatus) {
    // The proxy refused the tunnel (407: wrong or missing proxy credentials).
    return { exception: SmartlicException.fromCode('CSSM1005', { ...details, proxyStatus: Number(proxyStatus) }), retryable: false };
  }
  if (chain.some((e) => e.name === 'TimeoutError')) return { exception: SmartlicException.fromCode('CSSM1007', details), retryable: true };
  return { exception: SmartlicException.fromCode('CSSM1004', { ...details, cause: chain[0]?.code ?? chain[0]?.name }), retryable: true };
};

/** An HTTP answer that is not a success. 401 is handled by the caller first (one token renewal). */
export const classifyHttpStatus = (status: number, upstreamMessage: string | undefined, details: Record<string, unknown>): ClassifiedFailure => {
  const d = { ...details, httpStatus: status, ...(upstreamMessage ? { upstreamMessage } : {}) };
  if (status === 401) return { exception: SmartlicException.fromCode('CSSM1011', d), retryable: false };
  if (status === 403) return { exception: SmartlicException.fromCode('CSSM1015', d), retryable: false };
  if (status === 404 && /virtual account/i.test(upstreamMessage ?? '')) return { exception: new SmartlicException(catalogueError('CSSM1020', { ...d, scope: 'virtual-account' })), retryable: false };
  if (status === 404) return { exception: SmartlicException.fromCode('CSSM1019', d), retryable: false };
  if (status === 429 || status >= 500) return { exception: SmartlicException.fromCode('CSSM1020', d), retryable: true };
  return { exception: SmartlicException.fromCode('CSSM1020', d), retryable: false };
};

/** True for the CSSM answer "this virtual account does not exist". */
export const isUnknownVirtualAccount = (error: unknown): boolean =>
  error instanceof SmartlicException && error.details?.scope === 'virtual-account' && error.details.httpStatus === 404;
