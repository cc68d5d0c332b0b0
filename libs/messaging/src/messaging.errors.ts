import type { z } from 'zod';
import type { SmartlicError } from '#libs/contracts';

/** "field.path: rule" for each issue, the way every smartlic edge reports a bad message. */
export const describeZodError = (error: z.ZodError): string =>
  error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');

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

/**
 * The connection to NATS broke while the request waited: a reply sent meanwhile is lost, so none will come. A timeout
 * in every respect (the command may or may not have run), raised at once instead of after the whole timeout, so a
 * caller that can ask again safely does not wait minutes (a license mode change waits up to 16).
 */
export class ReplyLostError extends RequestTimeoutError {
  constructor(subject: string, timeoutMs: number) {
    super(subject, timeoutMs);
    this.message = `The connection to NATS broke while ${subject} waited for its answer: the reply is lost`;
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

/**
 * A message smartlic itself produced does not match its contract: event data a service is about to write to its
 * outbox, or a command's reply. A defect of the producer (not of the caller's input), named by subject and field.
 */
export class ContractViolationError extends Error {
  constructor(
    readonly subject: string,
    readonly what: 'event data' | 'reply',
    readonly issues: z.core.$ZodIssue[],
    detail: string,
  ) {
    super(`The ${what} of ${subject} does not match its contract: ${detail}`);
    this.name = 'ContractViolationError';
  }

  static of(subject: string, what: 'event data' | 'reply', error: z.ZodError, prefix: readonly PropertyKey[] = []): ContractViolationError {
    const issues = error.issues.map((i) => ({ ...i, path: [...prefix, ...i.path] }));
    return new ContractViolationError(subject, what, issues, describeZodError({ issues } as z.ZodError));
  }
}

/**
 * A message that cannot be applied yet but may be soon (a cluster whose customer is not provisioned yet): the
 * consumer redelivers it on its backoff stretched over `waitMs` (its own backoff when unset) and, on its last
 * delivery, dead-letters it once with this message as the reason. Logged at info while it waits, not as a failure.
 */
export class WaitingMessageError extends Error {
  constructor(message: string, readonly waitMs?: number) {
    super(message);
    this.name = 'WaitingMessageError';
  }
}
