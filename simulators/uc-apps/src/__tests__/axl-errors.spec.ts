import { AGENT_ERROR_ROWS, type AgentErrorRow } from '#simulators/common';
import { startUcAppsSimulator, type UcAppsSimulator } from '../index.js';
import { axlClient } from './fixtures/axl.fixture.js';
import { startCssm } from './fixtures/cssm.fixture.js';
import { httpClient, type HttpAnswer } from './fixtures/http.fixture.js';
import { ADDR, scenario } from './fixtures/scenario.fixture.js';
import { XMLParser } from 'fast-xml-parser';

const VALID_TOKEN = 'token-va-a';
const CSSM_URL = 'https://tools.cisco.com/its/service/oddce/services/DDCEService';

/** The AXL operation whose failures are a mapping-table operation's rows. */
const AXL_OPERATION: Record<Exclude<AgentErrorRow['operation'], 'all'>, string> = {
  register: 'doSmartLicenseRegister',
  deregister: 'doSmartLicenseDeRegister',
  renewID: 'doSmartLicenseRenewRegistration',
  renewAuth: 'doSmartLicenseRenewAuthorization',
  transportsettings: 'doUpdateTransportSettings',
  licensedetails: 'getSmartLicenseStatus',
};

/** doUpdateTransportSettings bodies (AXL numbering: 0 Direct, 1 transport gateway, 2 proxy) that draw each row. */
const TRANSPORT_BODIES: Record<string, string> = {
  'invalid-transport-mode': `<transportMode>3</transportMode><url>${CSSM_URL}</url><httpHost/><httpPort/>`,
  'invalid-gateway-url': '<transportMode>1</transportMode><url>satellite without scheme</url><httpHost/><httpPort/>',
  'invalid-proxy': `<transportMode>2</transportMode><url>${CSSM_URL}</url><httpHost>10.0.0.1</httpHost><httpPort/>`,
  'invalid-proxy-address': `<transportMode>2</transportMode><url>${CSSM_URL}</url><httpHost>999.1.1.1</httpHost><httpPort>3128</httpPort>`,
  'invalid-proxy-port': `<transportMode>2</transportMode><url>${CSSM_URL}</url><httpHost>10.0.0.1</httpHost><httpPort>70000</httpPort>`,
  'apply-failed': `<transportMode>2</transportMode><url>${CSSM_URL}</url><httpHost>proxy.example.com</httpHost><httpPort>3128</httpPort>`,
  'not-allowed': `<transportMode>0</transportMode><url>${CSSM_URL}</url><httpHost/><httpPort/>`,
};

const NEEDS_REGISTRATION = new Set(['deregister', 'renewID', 'renewAuth']);
const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false });

describe("Unified CM AXL answers every row of the guide's error mapping table as a SOAP fault", () => {
  let stub: Awaited<ReturnType<typeof startCssm>>;
  let sut: UcAppsSimulator;
  const http = httpClient();
  const axl = axlClient(http, () => sut);

  beforeEach(async () => {
    stub = await startCssm({ [VALID_TOKEN]: 'VA-a' });
    sut = await startUcAppsSimulator({ scenario: scenario(), cssmUrl: stub.url, cssmTimeoutMs: 300 });
  });
  afterEach(async () => {
    await sut.close();
    await stub.close();
  });
  afterAll(() => http.close());

  const register = async (): Promise<void> => {
    expect(await axl.answer('doSmartLicenseRegister', `<token>${VALID_TOKEN}</token><force>false</force>`)).toEqual({ return: 'Success' });
  };
  const setConditions = async (conditions: Record<string, boolean>): Promise<void> => {
    expect((await http.call(`${sut.url}/__admin/clusters/cucm-1/conditions`, { method: 'PUT', body: conditions })).status).toBe(200);
  };

  /** Brings the cluster into the row's situation and calls the row's AXL operation. */
  const provoke = async (row: AgentErrorRow & { operation: keyof typeof AXL_OPERATION }): Promise<HttpAnswer> => {
    const reason = row.key.slice(row.key.indexOf('.') + 1);
    const operation = AXL_OPERATION[row.operation];
    if (NEEDS_REGISTRATION.has(row.operation) && reason !== 'not-allowed') await register();
    let inner = row.operation === 'transportsettings' ? TRANSPORT_BODIES[reason]! : row.operation === 'register' ? `<token>${VALID_TOKEN}</token><force>false</force>` : '';
    switch (reason) {
      case 'not-allowed':
        if (row.operation === 'transportsettings') await register();
        break;
      case 'already-registered':
        await register();
        break;
      case 'subscriber-node':
        return axl.call(operation, inner, { address: ADDR.cucmSub });
      case 'invalid-token':
        inner = '<token>no-such-token</token><force>false</force>';
        break;
      case 'unknown-error':
        stub.fail('error');
        break;
      case 'communication-timeout':
        stub.fail('hang');
        break;
      case 'communication-send-error':
        await stub.close();
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
    return axl.call(operation, inner);
  };

  const rows = AGENT_ERROR_ROWS.filter((row): row is AgentErrorRow & { operation: keyof typeof AXL_OPERATION } => row.operation !== 'all');

  it.each(rows.map((row) => [row.key, row] as const))('%s', async (_key, row) => {
    const res = await provoke(row);
    expect(res.status).toBe(500);
    expect(parser.parse(res.text).Envelope.Body.Fault).toEqual({
      faultcode: 'soapenv:Server',
      faultstring: row.message,
      detail: { axlError: { axlcode: String(row.httpStatus), axlmessage: row.message, request: AXL_OPERATION[row.operation] } },
    });
  });

  it.each(['transportsettings', 'deregister', 'renewID', 'renewAuth'] as const)('%s on a subscriber node of a registered cluster answers the 405 row', async (operation) => {
    await register();
    const res = await axl.call(AXL_OPERATION[operation], operation === 'transportsettings' ? TRANSPORT_BODIES['not-allowed'] : '', { address: ADDR.cucmSub });
    const row = AGENT_ERROR_ROWS.find((r) => r.operation === operation && r.httpStatus === 405)!;
    expect(parser.parse(res.text).Envelope.Body.Fault).toMatchObject({ faultstring: row.message, detail: { axlError: { axlcode: '405' } } });
  });
});
