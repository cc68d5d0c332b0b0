import { timingSafeEqual } from 'node:crypto';
import type { Credential } from './cluster.store.js';

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** True when the `Authorization: Basic …` header carries exactly these credentials. */
export const basicAuthMatches = (header: string | undefined, expected: Credential): boolean => {
  if (!header?.toLowerCase().startsWith('basic ')) return false;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  return same(decoded.slice(0, colon), expected.username) && same(decoded.slice(colon + 1), expected.password);
};
