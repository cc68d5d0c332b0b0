import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { SmartlicException } from '#libs/contracts';
import type { AppAdapterConfig } from '../../../config/app-adapter.config.js';
import type { ClusterTarget, TargetNode } from '../../cluster-target.js';
import { UcHttpClient } from '../uc-http.client.js';

const config = {
  CAA_HTTP_SCHEME: 'http',
  CAA_CONNECT_TIMEOUT_MS: 1_000,
  CAA_REQUEST_TIMEOUT_MS: 2_000,
  CAA_MAX_CONCURRENCY_PER_TYPE: 4,
  CAA_MAX_CONCURRENCY_PER_HOST: 2,
  CAA_READ_RETRIES: 2,
  CAA_RETRY_BACKOFF_MS: 10,
  CAA_CIRCUIT_BREAK_AFTER: 2,
  CAA_CIRCUIT_HALF_OPEN_AFTER_MS: 60_000,
} as AppAdapterConfig;

const target = (node: TargetNode): ClusterTarget => ({
  clusterId: 'cucm-1',
  applicationType: 'cucm',
  clusterType: 'cucm',
  version: '15.0',
  nodes: [node],
  credentials: { admin: { username: 'admin', password: 'secret' } },
  tls: null,
});

const failure = async (p: Promise<unknown>): Promise<SmartlicException> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof SmartlicException) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
};

/** A port nothing listens on. */
const closedPort = async (): Promise<number> => {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
};

describe('UcHttpClient under its nodes\' runtime policies', () => {
  let sut: UcHttpClient;
  let server: Server | undefined;
  beforeEach(() => (sut = new UcHttpClient(config, pino({ level: 'silent' }))));
  afterEach(async () => {
    await sut.onModuleDestroy();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    server = undefined;
  });

  it('a node refusing connections opens its circuit: the next call fails fast with CAA1046 without connecting, other nodes are not affected', async () => {
    const port = await closedPort();
    const node = { hostname: 'gone-pub', address: '127.0.0.1', port, publisher: true };
    const send = (n: TargetNode) => sut.send(target(n), n, { method: 'POST', path: '/axl/', credential: 'admin' });
    for (let i = 0; i < 2; i++) expect(await failure(send(node))).toMatchObject({ code: 'CAA1046', details: { cause: 'ECONNREFUSED' } });
    expect(await failure(send(node))).toMatchObject({ code: 'CAA1046', details: { cause: 'ECONNREFUSED', circuit: 'open', address: '127.0.0.1' } });
    // The same address on another port is another host, with a circuit of its own.
    const other = { ...node, port: await closedPort() };
    expect((await failure(send(other))).details).not.toHaveProperty('circuit');
  });

  it('retries an idempotent read after a 503 as long as its Retry-After asks, and answers the last response when retries run out', async () => {
    let calls = 0;
    const at: number[] = [];
    server = createServer((req, res) => {
      at.push(Date.now());
      calls++;
      if (calls === 1) res.writeHead(503, { 'retry-after': '1' }).end('busy');
      else if (req.url === '/always-busy') res.writeHead(503).end('busy');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    }).listen(0, '127.0.0.1');
    await new Promise((r) => server!.once('listening', r));
    const node = { hostname: 'pub', address: '127.0.0.1', port: (server.address() as AddressInfo).port, publisher: true };
    const answer = await sut.send(target(node), node, { method: 'GET', path: '/status', credential: 'admin', idempotent: true });
    expect(answer).toEqual({ status: 200, contentType: 'application/json', text: '{"ok":true}' });
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(950);

    calls = 1;
    const busy = await sut.send(target(node), node, { method: 'GET', path: '/always-busy', credential: 'admin', idempotent: true });
    expect(busy.status).toBe(503);
    expect(calls).toBe(4);
  });
});
