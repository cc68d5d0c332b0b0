import { ERROR_CATALOGUE, isErrorCode, type CatalogueEntry, type ErrorCode } from './catalogue.js';
import type { ErrorKind } from './error-kind.js';
import { SMARTLIC_ERROR_CATALOGUE, type SmartlicCatalogueEntry, type SmartlicErrorCode } from './smartlic-codes.js';

/** Every code a caller can see: the guide's and smartlic's own. */
export type AnyErrorCode = ErrorCode | SmartlicErrorCode;
export type AnyCatalogueEntry = CatalogueEntry | SmartlicCatalogueEntry;

/** True when `code` is a code of either catalogue (exact, case-sensitive match). */
export const isKnownErrorCode = (code: string): code is AnyErrorCode => isErrorCode(code) || Object.hasOwn(SMARTLIC_ERROR_CATALOGUE, code);

/** The catalogue row of any known code; undefined for a code neither catalogue has (e.g. from a newer peer). */
export const errorEntry = (code: string): AnyCatalogueEntry | undefined => {
  if (isErrorCode(code)) return ERROR_CATALOGUE[code];
  return Object.hasOwn(SMARTLIC_ERROR_CATALOGUE, code) ? SMARTLIC_ERROR_CATALOGUE[code as SmartlicErrorCode] : undefined;
};

/** The kind of a code; an unknown one (a newer peer's) is taken as an operation that failed, like most of the guide's. */
export const errorKindOf = (code: string): ErrorKind => errorEntry(code)?.kind ?? 'failed';
