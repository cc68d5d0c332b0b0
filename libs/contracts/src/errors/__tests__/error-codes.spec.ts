import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  ERROR_CATALOGUE,
  ERROR_KINDS,
  JMS_TIMEOUT_CODES,
  SMARTLIC_ERROR_CATALOGUE,
  SMARTLIC_ERROR_CODES,
  SmartlicException,
  catalogueError,
  errorEntry,
  errorKindOf,
  isKnownErrorCode,
} from '../index.js';

const jmsTimeoutCodes = Object.values(JMS_TIMEOUT_CODES).flatMap((codes) => Object.values(codes) as string[]);

describe('error kinds of the guide\'s catalogue', () => {
  it('gives every code a kind', () => {
    for (const entry of Object.values(ERROR_CATALOGUE)) expect(ERROR_KINDS).toContain(entry.kind);
  });

  it('every "JMS timeout" code is unavailable, and only those', () => {
    const unavailable = Object.values(ERROR_CATALOGUE).filter((e) => e.kind === 'unavailable').map((e) => e.code);
    expect(unavailable.sort()).toEqual([...new Set(jmsTimeoutCodes)].sort());
    for (const code of unavailable) expect(errorEntry(code)!.message).toMatch(/JMS timeout/);
  });

  it('SLMCT1001 is an unknown VA: not found in a path, invalid input when named in a body', () => {
    expect(ERROR_CATALOGUE.SLMCT1001).toMatchObject({ kind: 'not_found', kindForBodyField: 'invalid' });
  });

  it('refusals of the current state are conflicts', () => {
    for (const code of ['SLM1014', 'SLMCT1007', 'SLMCT1011'] as const) expect(ERROR_CATALOGUE[code].kind).toBe('conflict');
  });
});

describe("smartlic's own codes", () => {
  it('keys are the codes, none is a guide code, each has a kind, a message, an action and who raises it', () => {
    for (const [key, entry] of Object.entries(SMARTLIC_ERROR_CATALOGUE)) {
      expect(entry.code).toBe(key);
      expect(key).toMatch(/^[A-Z][A-Z_]+$/);
      expect(Object.hasOwn(ERROR_CATALOGUE, key)).toBe(false);
      expect(ERROR_KINDS).toContain(entry.kind);
      expect(entry.message.length).toBeGreaterThan(10);
      expect(entry.recommendedAction.length).toBeGreaterThan(10);
      expect(entry.raisedBy.length).toBeGreaterThan(3);
    }
  });

  it('keeps the values callers already rely on', () => {
    expect(Object.keys(SMARTLIC_ERROR_CODES).sort()).toEqual(
      [
        'FORBIDDEN', 'INTERNAL_ERROR', 'INVALID_REQUEST', 'NOT_FOUND', 'NO_RESPONDERS', 'REPORT_DELIVERY_FAILED', 'REPORT_GENERATION_FAILED', 'REPORT_NOT_READY', 'REQUEST_TIMEOUT',
        'SYNC_OPERATIONAL_LICENSES_TAKEN', 'SYNC_SMART_ACCOUNT_EXISTS', 'SYNC_SMART_ACCOUNT_IN_USE', 'SYNC_TRANSPORT_CHANGE_REFUSED', 'UNAUTHORIZED', 'VALIDATION_FAILED', 'VA_LICENSE_MODE_LOCKED',
        'PLM_CERTIFICATE_UNTRUSTED', 'PLM_CREDENTIALS_REFUSED', 'PLM_DEMO_MODE', 'PLM_INVALID_ANSWER', 'PLM_REFUSED', 'PLM_UNREACHABLE', 'PLM_UNSUPPORTED_API',
        'LICENSE_MANAGER_EXISTS', 'LICENSE_MANAGER_IN_USE', 'PLM_CAPACITY_REACHED', 'PLM_CONNECTION_UNKNOWN', 'PLM_PASSWORD_KEY_MISSING', 'PLM_CLUSTER_NOT_ELIGIBLE', 'CLUSTER_ASSIGNED_TO_PLM', 'PLM_CUSTOMER_NOT_ASSIGNED',
      ].sort(),
    );
    for (const [key, value] of Object.entries(SMARTLIC_ERROR_CODES)) expect(value).toBe(key);
  });

  it('errorEntry and errorKindOf cover both catalogues; an unknown code is an operation that failed', () => {
    expect(errorEntry('CAA1035')?.message).toBe('Invalid admin credentials');
    expect(errorEntry('NOT_FOUND')?.kind).toBe('not_found');
    expect(errorEntry('toString')).toBeUndefined();
    expect(isKnownErrorCode('REPORT_NOT_READY')).toBe(true);
    expect(isKnownErrorCode('CAA1013')).toBe(false);
    expect(errorKindOf('VA_LICENSE_MODE_LOCKED')).toBe('conflict');
    expect(errorKindOf('SOME_NEWER_CODE')).toBe('failed');
  });

  it('catalogueError and SmartlicException.fromCode take smartlic codes too', () => {
    expect(catalogueError('REPORT_NOT_READY')).toEqual({ code: 'REPORT_NOT_READY', message: 'The report has not been generated yet', recommendedAction: expect.stringContaining('Poll the report') });
    expect(SmartlicException.fromCode('NOT_FOUND', { field: 'id' }).toJSON()).toMatchObject({ code: 'NOT_FOUND', details: { field: 'id' } });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// One catalogue: no code is spelled out as a string anywhere else in production code.
// ---------------------------------------------------------------------------------------------------------------

const ROOT = path.resolve(process.cwd());
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (name === 'node_modules' || name === '__tests__' || name === 'dist') return [];
    if (statSync(file).isDirectory()) return sources(file);
    return /\.ts$/.test(name) && !/\.(spec|integration-spec)\.ts$/.test(name) ? [file] : [];
  });

describe('the catalogue is the only place a code is written', () => {
  const files = ['libs', 'services'].flatMap((dir) => sources(path.join(ROOT, dir))).filter((f) => !f.includes(`${path.sep}libs${path.sep}contracts${path.sep}src${path.sep}errors${path.sep}`));
  const literal = new RegExp(`['"\`](${Object.keys(SMARTLIC_ERROR_CATALOGUE).join('|')})['"\`]`);

  it(`no production file outside libs/contracts/src/errors writes one of smartlic's codes as a literal (${files.length} files)`, () => {
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.filter((f) => literal.test(readFileSync(f, 'utf8'))).map((f) => path.relative(ROOT, f));
    expect(offenders).toEqual([]);
  });

  it('every guide-shaped code written in production code is one of the catalogue (a typo in an untyped `code` is caught)', () => {
    const unknown = files.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/['"`]((?:CSSM|CAA|SLMCT|SLM|UCAPI)\d{4})['"`]/g)].filter((m) => !isKnownErrorCode(m[1]!)).map((m) => `${path.relative(ROOT, f)}: ${m[1]}`),
    );
    expect(unknown).toEqual([]);
  });
});
