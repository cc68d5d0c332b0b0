/**
 * The wait a `Retry-After` header asks for (RFC 9110 §10.2.3): delay-seconds or an HTTP-date; undefined when absent or
 * unreadable. A date in the past is no wait.
 */
export const parseRetryAfter = (value: string | string[] | undefined, now = Date.now()): number | undefined => {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  // An HTTP-date names its day and month; Date.parse alone would read '-1' as a year.
  const at = /[a-z]{3}/i.test(raw) ? Date.parse(raw) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
};
