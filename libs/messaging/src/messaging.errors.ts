import type { SmartlicError } from '#libs/contracts';

/** A request found no responder (the service is down): callers map it to the guide's JMS-timeout code. */
export class NoRespondersError extends Error {
  readonly kind = 'no-responders' as const;
  constructor(readonly subject: string) {
    super(`No service answers ${subject}`);
  }
}

/** A request got no answer in time: callers map it to the guide's JMS-timeout code. */
export class RequestTimeoutError extends Error {
  readonly kind = 'timeout' as const;
  constructor(readonly subject: string, readonly timeoutMs: number) {
    super(`No answer on ${subject} within ${timeoutMs} ms`);
  }
}

/** The responder answered with an expected failure (catalogue code). */
export class CommandFailedError extends Error {
  constructor(readonly subject: string, readonly error: SmartlicError) {
    super(`${error.code}: ${error.message}`);
  }
}

export type TransportError = NoRespondersError | RequestTimeoutError;
export const isTransportError = (e: unknown): e is TransportError => e instanceof NoRespondersError || e instanceof RequestTimeoutError;

/**
 * A message that can never succeed (schema violation, unknown type): the consumer terminates it and copies it to
 * the dead-letter stream at once instead of redelivering it.
 */
export class PermanentMessageError extends Error {
  constructor(message: string, readonly details?: Record<string, unknown>) {
    super(message);
  }
}
