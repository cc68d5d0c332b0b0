import { AGENT_ERROR_ROWS, type AgentErrorRow } from '#simulators/common';
import { startUcAppsSimulator, type UcAppsSimulator } from '../index.js';
import { startCssm } from './fixtures/cssm.fixture.js';
import { httpClient, type HttpAnswer } from './fixtures/http.fixture.js';
import { ADDR, ADMIN, scenario } from './fixtures/scenario.fixture.js';

const VALID_TOKEN = 'token-va-a';

const APPS = [
  { app: 'cucm', clusterId: 'cucm-1', prefix: '/ucmservices/smartlicense', pub: ADDR.cucmPub, sub: ADDR.cucmSub },
  { app: 'cuc', clusterId: 'cuc-1', prefix: '/vmrest/smartlicense', pub: ADDR.cucPub, sub: ADDR.cucSub },
] as const;

/** Operations that need a registered product before their failure can show. */
const NEEDS_REGISTRATION = new Set(['deregister', 'renewID', 'renewAuth']);

const TRANSPORT_BODIES: Record<string, unknown> = {
  'invalid-transport-mode': { mode: 3 },
  'invalid-gateway-url': { mode: 2, gatewayUrl: 'satellite without scheme' },
  'invalid-proxy': { mode: 1, proxyIp: '10.0.0.1' },
  'invalid-proxy-address': { mode: 1, proxyIp: '999.1.1.1', proxyPort: 3128 },
  'invalid-proxy-port': { mode: 1, proxyIp: '10.0.0.1', proxyPort: 70000 },
  'apply-failed': { mode: 1, proxyIp: 'proxy.example.com', proxyPort: 3128 },
  'not-allowed': { mode: 0 },
};

describe.each(APPS)('the $app smart-agent REST API answers every row of the guide\'s error mapping table', (target) => {
  let stub: Awaited<ReturnType<typeof startCssm>>;
  let sut: UcAppsSimulator;
  const http = httpClient();

  beforeEach(async () => {
    stub = await startCssm({ [VALID_TOKEN]: 'VA-a' });
    sut = await startUcAppsSimulator({ scenario: scenario(), cssmUrl: stub.url, cssmTimeoutMs: 300 });
  });
  afterEach(async () => {
    await sut.close();
    await stub.close();
  });
  afterAll(() => http.close());

  const op = (operation: string, options: { address?: string; body?: unknown; password?: string } = {}): Promise<HttpAnswer> =>
    http.call(`${sut.nodeUrl(options.address ?? target.pub)}${target.prefix}/${operation}`, {
      method: operation === 'licensedetails' ? 'GET' : 'PUT',
      auth: { username: ADMIN.username, password: options.password ?? ADMIN.password },
      body: options.body ?? (operation === 'licensedetails' ? undefined : {}),
    });

  const register = async (): Promise<void> => {
    const res = await op('register', { body: { token: VALID_TOKEN, force: false } });
    expect(res.status).toBe(200);
  };

  const setConditions = async (conditions: Record<string, boolean>): Promise<void> => {
    const res = await http.call(`${sut.url}/__admin/clusters/${target.clusterId}/conditions`, { method: 'PUT', body: conditions });
    expect(res.status).toBe(200);
  };

  /** Brings the cluster into the row's situation and calls the row's operation. */
  const provoke = async (row: AgentErrorRow): Promise<HttpAnswer> => {
    const reason = row.key.slice(row.key.indexOf('.') + 1);
    if (row.operation === 'all') return op('licensedetails', { password: 'wrong' });
    const operation = row.operation;
    if (NEEDS_REGISTRATION.has(operation) && reason !== 'not-allowed') await register();
    const body = operation === 'transportsettings' ? TRANSPORT_BODIES[reason] : operation === 'register' ? { token: VALID_TOKEN, force: false } : undefined;
    switch (reason) {
      case 'not-allowed':
        if (operation === 'transportsettings') await register();
        break;
      case 'already-registered':
        await register();
        break;
      case 'subscriber-node':
        return op(operation, { address: target.sub, body });
      case 'invalid-token':
        return op(operation, { body: { token: 'no-such-token', force: false } });
      case 'unknown-error':
        stub.fail('error');
        break;
      case 'communication-timeout':
        stub.fail('hang');
        break;
      case 'communication-send-error':
        await stub.close(); // connection refused from now on
        break;
      case 'invalid-trust-chain':
        await setConditions({ invalidTrustChain: true });
        break;
      case 'server-not-running':
        await setConditions({ smartLicenseServerStopped: true });
        break;
      case 'unable-to-register':
        await setConditions({ registrationRejected: true });
        break;
      case 'apply-failed':
        await setConditions({ transportApplyFails: true });
        break;
      case 'license-count-unavailable':
        await setConditions({ licenseDatabaseUnavailable: true });
        break;
    }
    return op(operation, { body });
  };

  it.each(AGENT_ERROR_ROWS.map((row) => [row.key, row] as const))('%s', async (_key, row) => {
    const res = await provoke(row);
    expect(res.status).toBe(row.httpStatus);
    expect(res.json()).toEqual({ code: row.code, message: row.message });
  });

  it.each(['transportsettings', 'deregister', 'renewID', 'renewAuth'])(
    '%s on a subscriber node of a registered cluster answers the 405 row',
    async (operation) => {
      await register();
      const res = await op(operation, { address: target.sub, body: operation === 'transportsettings' ? { mode: 0 } : {} });
      const row = AGENT_ERROR_ROWS.find((r) => r.operation === operation && r.httpStatus === 405)!;
      expect(res.status).toBe(405);
      expect(res.json()).toEqual({ code: 'METHOD_NOT_ALLOWED', message: row.message });
    },
  );
});
