import type { SmartlicError } from '#libs/contracts';

/** The reply of every smartlic command: expected failures are data, so their catalogue code crosses NATS intact. */
export type CommandReply<T> = { ok: true; data: T } | { ok: false; error: SmartlicError };

/** Codes smartlic itself uses on the command boundary (the guide's catalogue covers the domain failures). */
export const COMMAND_ERROR_CODES = {
  invalidRequest: 'INVALID_REQUEST',
  notFound: 'NOT_FOUND',
  internal: 'INTERNAL_ERROR',
} as const;
