/** Plain-text tables and lines for the demo's console output. */
export type Row = Record<string, string | number | boolean | null | undefined>;

const cell = (v: Row[string]): string => (v === null || v === undefined || v === '' ? '-' : String(v));

export const table = (title: string, rows: Row[], columns: string[]): string => {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  return [``, `${title}`, line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n');
};

export interface DemoOutput {
  line(text?: string): void;
}

export const consoleOutput: DemoOutput = { line: (text = '') => process.stdout.write(`${text}\n`) };
