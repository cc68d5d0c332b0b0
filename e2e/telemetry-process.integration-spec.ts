import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';

/**
 * The gateway as a real process (`main.ts`, what the image runs) exporting over OTLP/HTTP to a collector played by
 * this spec, which also serves the JWKS of the gateway's OIDC mode. OpenTelemetry's instrumentations hook `require`,
 * which jest's own module registry bypasses: only a process of its own shows whether they are registered in time.
 */

interface ReceivedSpan {
  scope: string;
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Record<string, unknown>;
}

// OTLP/JSON span kinds.
const SERVER = 2;
const CLIENT = 3;

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
type OtlpAttribute = { key: string; value: OtlpValue };
const attributesOf = (list: OtlpAttribute[] = []): Record<string, unknown> =>
  Object.fromEntries(list.map(({ key, value }) => [key, value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : (value.boolValue ?? value.doubleValue))]));

interface OtlpTraces {
  resourceSpans: { scopeSpans: { scope: { name: string }; spans: (Omit<ReceivedSpan, 'scope' | 'attributes'> & { attributes?: OtlpAttribute[] })[] }[] }[];
}

/** A collector's OTLP/HTTP receiver (JSON) and an identity provider's JWKS, on one port. */
class Collector {
  readonly spans: ReceivedSpan[] = [];
  /** Bodies of the metric pushes, as received. */
  readonly metricPushes: string[] = [];
  jwksFetches = 0;
  private server?: Server;

  constructor(private readonly jwks: object) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (req.url === '/v1/traces') {
          for (const rs of (JSON.parse(body) as OtlpTraces).resourceSpans)
            for (const ss of rs.scopeSpans) for (const s of ss.spans) this.spans.push({ ...s, scope: ss.scope.name, attributes: attributesOf(s.attributes) });
        } else if (req.url === '/v1/metrics') {
          this.metricPushes.push(body);
        } else if (req.url === '/jwks') {
          this.jwksFetches += 1;
          res.setHeader('content-type', 'application/json');
          return res.end(JSON.stringify(this.jwks));
        }
        res.setHeader('content-type', 'application/json');
        res.end('{}');
      });
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server!.close(resolve));
  }
}

const REGISTER_TS_LOADER = fileURLToPath(new URL('../libs/testing/src/ts-loader/register.js', import.meta.url));
const GATEWAY_MAIN = fileURLToPath(new URL('../services/gateway/src/main.ts', import.meta.url));

describe('telemetry of a service process', () => {
  let env: TestEnvironment;
  let collector: Collector;
  let gateway: ChildProcess;
  let output = '';
  let privateKey: CryptoKey;

  const token = (roles: string[]) => new SignJWT({ roles }).setProtectedHeader({ alg: 'RS256', kid: 'telemetry-spec' }).setSubject('sre').setIssuedAt().setExpirationTime('10m').sign(privateKey);

  beforeAll(async () => {
    env = await createTestEnvironment('telemetry');
    const keys = await generateKeyPair('RS256');
    privateKey = keys.privateKey;
    collector = new Collector({ keys: [{ ...(await exportJWK(keys.publicKey)), kid: 'telemetry-spec', alg: 'RS256', use: 'sig' }] });
    const collectorUrl = await collector.start();
    const { NODE_OPTIONS: _jestFlags, ...inherited } = process.env;
    gateway = spawn(process.execPath, ['--import', REGISTER_TS_LOADER, GATEWAY_MAIN], {
      env: {
        ...inherited,
        ...env.env,
        PORT: '0',
        LOG_LEVEL: 'info',
        AUTH_MODE: 'oidc',
        AUTH_JWKS_URL: `${collectorUrl}/jwks`,
        OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
        // Nothing leaves by itself while the spec runs: what the collector gets, it gets at SIGTERM.
        OTEL_BSP_SCHEDULE_DELAY: '3600000',
        OTEL_METRIC_EXPORT_INTERVAL: '1h',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    gateway.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    gateway.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  }, 120_000);

  afterAll(async () => {
    if (gateway && gateway.exitCode === null && gateway.signalCode === null) {
      gateway.kill('SIGKILL');
      await once(gateway, 'exit');
    }
    await collector?.stop();
    await env?.cleanup();
  });

  it('exports the spans of pg, fetch, HTTP by route template and NATS by subject, buffered until SIGTERM', async () => {
    const url = await eventually(
      () => {
        if (gateway.exitCode !== null) throw new Error(`gateway exited ${gateway.exitCode}: ${output}`);
        const ready = output.split('\n').find((line) => line.includes('"msg":"gateway ready"'));
        return ready ? (JSON.parse(ready) as { url: string }).url : undefined;
      },
      { timeoutMs: 90_000, what: 'the gateway process to be ready' },
    );
    const viewer = await token(['viewer']);
    const admin = await token(['admin']);
    const get = (path: string, bearer: string) => fetch(`${url}/api/v1${path}`, { headers: { authorization: `Bearer ${bearer}` } });

    // Two smart accounts: no sync service answers, the gateway says so (and its NATS request has a span).
    expect((await get('/smart-accounts/00000000-0000-4000-8000-00000000e001', viewer)).status).toBe(503);
    expect((await get('/smart-accounts/00000000-0000-4000-8000-00000000e002', viewer)).status).toBe(503);
    // The audit log is the gateway's own table.
    const audit = await get('/audit-log', admin);
    expect(audit.status).toBe(200);
    const auditTrace = audit.headers.get('traceresponse')!.split('-')[1];
    expect(collector.jwksFetches).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(collector.spans).toEqual([]);

    gateway.kill('SIGTERM');
    const [code] = (await once(gateway, 'exit')) as [number | null];
    expect(code).toBe(0);
    const spans = collector.spans;

    // HTTP: one name for both ids, the route template also in http.route; no span carries the ids in its name.
    const servers = spans.filter((s) => s.kind === SERVER && s.scope === '@opentelemetry/instrumentation-http');
    const smartAccounts = servers.filter((s) => s.attributes['url.path'] !== undefined && String(s.attributes['url.path']).startsWith('/api/v1/smart-accounts/'));
    expect(smartAccounts.map((s) => s.name)).toEqual(['GET /api/v1/smart-accounts/:id', 'GET /api/v1/smart-accounts/:id']);
    expect(smartAccounts.map((s) => s.attributes['http.route'])).toEqual(['/api/v1/smart-accounts/:id', '/api/v1/smart-accounts/:id']);
    expect(spans.filter((s) => s.name.includes('00000000-0000-4000-8000-00000000e00'))).toEqual([]);

    // NATS: the command request named by the contract's subject (no namespace), a child of the HTTP span.
    for (const server of smartAccounts) {
      const send = spans.find((s) => s.traceId === server.traceId && s.parentSpanId === server.spanId && s.kind === CLIENT && s.scope === 'smartlic');
      expect(send?.name).toBe('smartlic.cmd.sync.v1.smart-account.get send');
      expect(send?.attributes['messaging.destination.name']).toBe('smartlic.cmd.sync.v1.smart-account.get');
    }

    // fetch (undici): the JWKS download of the first request's token check, in that request's trace.
    const jwks = spans.filter((s) => s.scope === '@opentelemetry/instrumentation-undici');
    expect(jwks).toHaveLength(1);
    expect(jwks[0]).toMatchObject({ kind: CLIENT, traceId: smartAccounts[0].traceId, attributes: expect.objectContaining({ 'url.full': expect.stringMatching(/\/jwks$/) }) });

    // pg: the audit log's query, in the trace of GET /api/v1/audit-log; its bound values are not exported.
    const queries = spans.filter((s) => s.scope === '@opentelemetry/instrumentation-pg' && s.traceId === auditTrace && s.name.startsWith('pg.query:'));
    expect(queries.length).toBeGreaterThan(0);
    expect(queries[0].attributes['db.statement'] ?? queries[0].attributes['db.query.text']).toMatch(/audit/i);
    expect(queries.some((q) => 'db.postgresql.values' in q.attributes)).toBe(false);
    expect(servers.find((s) => s.traceId === auditTrace)?.name).toBe('GET /api/v1/audit-log');

    // The last metrics push, at SIGTERM (the interval is an hour): the HTTP duration histogram by route template.
    expect(collector.metricPushes.length).toBeGreaterThan(0);
    const metrics = collector.metricPushes.join('\n');
    expect(metrics).toContain('"http.server.request.duration"');
    expect(metrics).toContain('"/api/v1/smart-accounts/:id"');
  }, 180_000);
});
