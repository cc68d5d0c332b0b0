const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const two = (n: number): string => String(n).padStart(2, '0');

/** Expressway's status date format, e.g. `February, 05 Feb 2020 06:18:07 GMT` (Expressway REST API Summary Guide: XW-API in cisco-uc-interfaces.md §1). */
export const expresswayDate = (iso: string | undefined): string => {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const month = MONTHS[d.getUTCMonth()]!;
  return `${month}, ${two(d.getUTCDate())} ${month.slice(0, 3)} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} GMT`;
};

export const addHours = (iso: string, hours: number): string => new Date(new Date(iso).getTime() + hours * 3_600_000).toISOString();
