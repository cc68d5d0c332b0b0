import { SMARTLIC_ERROR_CODES, type SmartlicError } from '#libs/contracts';

/** The reply of every smartlic command: expected failures are data, so their catalogue code crosses NATS intact. */
export type CommandReply<T> = { ok: true; data: T } | { ok: false; error: SmartlicError };

/** The catalogue's codes of the command boundary (the guide's catalogue covers the domain failures). */
export const COMMAND_ERROR_CODES = {
  invalidRequest: SMARTLIC_ERROR_CODES.INVALID_REQUEST,
  notFound: SMARTLIC_ERROR_CODES.NOT_FOUND,
  internal: SMARTLIC_ERROR_CODES.INTERNAL_ERROR,
} as const;
