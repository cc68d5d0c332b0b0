import { isSmartlicError, SMARTLIC_ERROR_CODES, type CommandDefinition, type CommandResponse, type SmartlicError } from '#libs/contracts';
import { ContractViolationError } from './messaging.errors.js';

/** The reply of every smartlic command: expected failures are data, so their catalogue code crosses NATS intact. */
export type CommandReply<T> = { ok: true; data: T } | { ok: false; error: SmartlicError };

/** The catalogue's codes of the command boundary (the guide's catalogue covers the domain failures). */
export const COMMAND_ERROR_CODES = {
  invalidRequest: SMARTLIC_ERROR_CODES.INVALID_REQUEST,
  notFound: SMARTLIC_ERROR_CODES.NOT_FOUND,
  internal: SMARTLIC_ERROR_CODES.INTERNAL_ERROR,
} as const;

const violation = (command: CommandDefinition, path: PropertyKey[], message: string): ContractViolationError =>
  new ContractViolationError(command.subject, 'reply', [{ code: 'custom', path, message, input: undefined }], `${path.join('.') || '(root)'}: ${message}`);

/**
 * A command's reply checked against its contract: `{ ok: true, data }` with data parsed by the command's response
 * schema (its defaults applied), or `{ ok: false, error }` with a SmartlicError. Anything else is a
 * ContractViolationError naming the command's subject and the field (`data.items.0.id: ...`): the responder and its
 * caller disagree on the contract (a peer of another version, a handler returning what its schema does not say).
 */
export const checkReply = <C extends CommandDefinition>(command: C, reply: unknown): CommandReply<CommandResponse<C>> => {
  if (typeof reply !== 'object' || reply === null || typeof (reply as { ok?: unknown }).ok !== 'boolean') throw violation(command, ['ok'], 'expected a reply { ok: true, data } or { ok: false, error }');
  const r = reply as { ok: boolean; data?: unknown; error?: unknown };
  if (!r.ok) {
    if (!isSmartlicError(r.error)) throw violation(command, ['error'], 'expected an error { code, message }');
    return { ok: false, error: r.error };
  }
  const parsed = command.response.safeParse(r.data);
  if (!parsed.success) throw ContractViolationError.of(command.subject, 'reply', parsed.error, ['data']);
  return { ok: true, data: parsed.data as CommandResponse<C> };
};
