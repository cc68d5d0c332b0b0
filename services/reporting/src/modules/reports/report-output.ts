import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Writes text honouring back-pressure, so a slow sink slows the report down instead of buffering it. */
export const put = async (out: Writable, text: string): Promise<void> => {
  if (!text) return;
  if (!out.write(text)) await once(out, 'drain');
};

/** One CSV field (RFC 4180). */
export const csvField = (value: unknown): string => {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export const csvLine = (values: readonly unknown[]): string => `${values.map(csvField).join(',')}\r\n`;

/** One Service Inventory row: `|SUMMARY|<section>|f1|f2|...|`. */
export const summaryLine = (section: string, fields: readonly (string | number)[]): string => `|SUMMARY|${section}|${fields.join('|')}|\n`;
