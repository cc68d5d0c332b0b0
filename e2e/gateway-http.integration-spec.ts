import { SignJWT } from 'jose';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';
import { startServices, stopServices, testToken, TEST_AUTH_SECRET } from './support/start-services.js';

const signed = (claims: { exp?: string | number; iat?: boolean }): Promise<string> => {
  const jwt = new SignJWT({ roles: ['viewer'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('lifetime-test');
  if (claims.iat !== false) jwt.setIssuedAt();
  if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
  return jwt.sign(new TextEncoder().encode(TEST_AUTH_SECRET));
};

describe('gateway REST edge', () => {
  let env: TestEnvironment;
  let services: Awaited<ReturnType<typeof startServices>>;
  const url = (path: string) => `${services.gateway.url}${path}`;

  beforeAll(async () => {
    env = await createTestEnvironment('gateway');
    services = await startServices(env, ['registration', 'gateway']);
  });

  afterAll(async () => {
    await stopServices(services ?? {});
    await env?.cleanup();
  });

  it('answers 401 as problem+json without a bearer token', async () => {
    const res = await fetch(url('/api/v1/clusters'));
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 401, detail: 'A bearer token is required' });
  });

  it('answers 401 for a token signed with another key', async () => {
    const res = await fetch(url('/api/v1/clusters'), { headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJyb2xlcyI6WyJhZG1pbiJdfQ.c2lnbmF0dXJl' } });
    expect(res.status).toBe(401);
  });

  it('refuses a token without exp with 401 naming the missing expiry', async () => {
    const res = await fetch(url('/api/v1/clusters'), { headers: { authorization: `Bearer ${await signed({})}` } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ status: 401, detail: 'Invalid bearer token: the token has no exp claim (an expiry is required)' });
  });

  it('refuses a token living longer than AUTH_MAX_TOKEN_LIFETIME (24 h by default) with 401 naming the setting, with or without iat', async () => {
    for (const token of [await signed({ exp: '10y' }), await signed({ exp: '25h' }), await signed({ exp: '10y', iat: false })]) {
      const res = await fetch(url('/api/v1/clusters'), { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ detail: "Invalid bearer token: the token's lifetime exceeds AUTH_MAX_TOKEN_LIFETIME (86400s)" });
    }
  });

  it('accepts a token within the lifetime, whatever the case of the Bearer scheme (RFC 6750)', async () => {
    const token = await signed({ exp: '23h' });
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const res = await fetch(url('/api/v1/clusters'), { headers: { authorization: `${scheme} ${token}` } });
      expect(res.status).toBe(200);
    }
    expect((await fetch(url('/api/v1/clusters'), { headers: { authorization: `Basic ${token}` } })).status).toBe(401);
  });

  it('answers 403 when a viewer calls an admin route, and the audit log records nothing for reads', async () => {
    const res = await fetch(url('/api/v1/audit-log'), { headers: { authorization: `Bearer ${await testToken(['viewer'])}` } });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ status: 403, detail: 'This operation needs the admin role' });
  });

  it('answers 400 naming each bad field', async () => {
    const res = await fetch(url('/api/v1/clusters?limit=0&type=pbx'), { headers: { authorization: `Bearer ${await testToken(['viewer'])}` } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { field: string }[]; code: string };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors.map((e) => e.field).sort()).toEqual(['query.limit', 'query.type']);
  });

  it('answers 404 as problem+json for an unknown route', async () => {
    const res = await fetch(url('/api/v1/no-such-thing'), { headers: { authorization: `Bearer ${await testToken(['viewer'])}` } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('writes every mutation attempt to the audit log with its outcome', async () => {
    const res = await fetch(url('/api/v1/no-such-thing'), { method: 'POST', headers: { authorization: `Bearer ${await testToken(['operator'], 'alice')}` } });
    expect(res.status).toBe(404);
    const rows = await eventually(async () => {
      const r: { actor: string; method: string; status: number; trace_id: string }[] = await services.gateway.dataSource.query("SELECT actor, method, status, trace_id FROM audit_log WHERE path = '/api/v1/no-such-thing'");
      return r.length ? r : undefined;
    });
    // No route matched, so no guard ran: the attempt is recorded without an authenticated actor.
    expect(rows[0]).toMatchObject({ actor: 'anonymous', method: 'POST', status: 404 });
    expect(rows[0].trace_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('serves the OpenAPI document and /metrics on the management port only, and the probes on the API port without a token', async () => {
    const docs = await fetch(`${services.gateway.managementUrl}/api/docs-json`);
    const doc = (await docs.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/v1/clusters');
    expect((await fetch(`${services.gateway.managementUrl}/api/docs`)).status).toBe(200);
    expect((await fetch(`${services.gateway.managementUrl}/metrics`)).status).toBe(200);
    // On the API port they are no route at all.
    for (const path of ['/api/docs-json', '/api/docs', '/metrics']) expect((await fetch(url(path))).status).toBe(404);
    expect(new URL(services.gateway.managementUrl).port).not.toBe(new URL(services.gateway.url).port);
    expect((await fetch(url('/readyz'))).status).toBe(200);
    expect((await fetch(url('/healthz'))).status).toBe(200);
  });
});
