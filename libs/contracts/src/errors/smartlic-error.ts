import { errorEntry, type AnyErrorCode } from './error-codes.js';

/**
 * The error shape that crosses process boundaries (NATS replies, job status, REST problem bodies). Plain JSON:
 * `code` is usually a catalogue code (`CSSM1001`, `CAA1048`, ...) but is typed as a string so that errors from newer
 * peers or non-catalogue sources still round-trip.
 */
export interface SmartlicError {
  /** Catalogue code such as `SLM1002`, or another stable identifier. */
  code: string;
  /** Human-readable message; for catalogue codes the guide's "Error Message". */
  message: string;
  /** What the operator should do; for catalogue codes the guide's "Recommendation". */
  recommendedAction?: string;
  /** Structured context (cluster id, HTTP status, upstream message, ...). Must be JSON-serialisable. */
  details?: Record<string, unknown>;
}

/**
 * The {@link SmartlicError} of a catalogue code (the guide's or smartlic's), with its message and recommendation. An empty
 * recommendation in the guide (e.g. CAA1049) yields no `recommendedAction`.
 */
export const catalogueError = (code: AnyErrorCode, details?: Record<string, unknown>): SmartlicError => {
  const entry = errorEntry(code)!;
  const error: SmartlicError = { code: entry.code, message: entry.message };
  if (entry.recommendedAction !== '') error.recommendedAction = entry.recommendedAction;
  if (details !== undefined) error.details = details;
  return error;
};

const isPlainRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** True when `value` has the {@link SmartlicError} shape (e.g. a deserialised NATS reply). */
export const isSmartlicError = (value: unknown): value is SmartlicError =>
  isPlainRecord(value) &&
  typeof value.code === 'string' &&
  typeof value.message === 'string' &&
  (value.recommendedAction === undefined || typeof value.recommendedAction === 'string') &&
  (value.details === undefined || isPlainRecord(value.details));

/**
 * A thrown {@link SmartlicError}. `JSON.stringify(exception)` yields the plain error shape, so
 * `new SmartlicException(JSON.parse(JSON.stringify(e)))` reproduces `e` on the other side of a process boundary.
 */
export class SmartlicException extends Error {
  readonly code: string;
  readonly recommendedAction?: string;
  readonly details?: Record<string, unknown>;

  constructor(error: SmartlicError) {
    super(error.message);
    this.name = 'SmartlicException';
    this.code = error.code;
    if (error.recommendedAction !== undefined) this.recommendedAction = error.recommendedAction;
    if (error.details !== undefined) this.details = error.details;
  }

  /** The plain, serialisable error (no stack, no undefined keys). */
  toJSON(): SmartlicError {
    const error: SmartlicError = { code: this.code, message: this.message };
    if (this.recommendedAction !== undefined) error.recommendedAction = this.recommendedAction;
    if (this.details !== undefined) error.details = this.details;
    return error;
  }

  /** An exception for a catalogue code, with the guide's message and recommendation. */
  static fromCode(code: AnyErrorCode, details?: Record<string, unknown>): SmartlicException {
    return new SmartlicException(catalogueError(code, details));
  }
}
