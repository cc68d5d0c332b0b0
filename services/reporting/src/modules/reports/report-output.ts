import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Writes text honouring back-pressure, so a slow sink slows the report down instead of buffering it. */
export const put = async (out: Writable, text: string): Promise<void> => {
  if (!text) return;
  if (!out.write(text)) await once(out, 'drain');
};

// A cell whose text starts with one of these is read as a formula by Excel, LibreOffice and Google Sheets (CSV
// injection, OWASP): the text is kept, prefixed with an apostrophe so that it stays text.
const FORMULA_START = /^[=+\-@\t\r]/;

/** A report value as a spreadsheet shows it: numbers as numbers, text never taken for a formula. */
export const spreadsheetSafe = (value: string | number): string | number =>
  typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;

/** One CSV field (RFC 4180), neutralised for spreadsheets. */
export const csvField = (value: unknown): string => {
  const s = value === null || value === undefined ? '' : String(spreadsheetSafe(typeof value === 'number' ? value : String(value)));
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export const csvLine = (values: readonly unknown[]): string => `${values.map(csvField).join(',')}\r\n`;

/**
 * One Service Inventory field. The format has no quoting: a `|` would start a new field and a line break a new row,
 * so a name could forge rows (a customer named `x|\n|SUMMARY|PLMINFO|...`). Separators and control characters in a
 * value become `/` and spaces; `,` too where the field is itself a comma-separated list (the license manager part).
 */
export const summaryField = (value: string | number, options: { commaList?: boolean } = {}): string => {
  if (typeof value === 'number') return String(value);
  // eslint-disable-next-line no-control-regex
  const flat = value.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ').replaceAll('|', '/');
  return options.commaList ? flat.replaceAll(',', ';') : flat;
};

/** One Service Inventory row: `|SUMMARY|<section>|f1|f2|...|`. */
export const summaryLine = (section: string, fields: readonly (string | number)[]): string => `|SUMMARY|${section}|${fields.map((f) => summaryField(f)).join('|')}|\n`;
