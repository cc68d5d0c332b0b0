/**
 * What a failure means to the caller, whatever its code: the gateway answers one HTTP status per kind.
 *
 * - `invalid`: the request itself is wrong (a body field, a query parameter); sending it again will not help.
 * - `unauthorized` / `forbidden`: no valid credentials / not allowed for the caller's role.
 * - `not_found`: an id names nothing (unknown, or not even of the right format).
 * - `conflict`: refused because of the current state (clusters assigned, already configured, not ready yet).
 * - `failed`: the operation ran and failed (most of the guide's codes: an application or CSSM refused it).
 * - `upstream`: a remote system smartlic depends on failed the request (an SFTP server, ...).
 * - `unavailable`: a smartlic service did not answer in time (the guide's "JMS timeout" codes).
 * - `internal`: a bug or an unexpected fault inside smartlic (logged with an id; no detail leaves the service).
 */
export const ERROR_KINDS = ['invalid', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'failed', 'upstream', 'unavailable', 'internal'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];
