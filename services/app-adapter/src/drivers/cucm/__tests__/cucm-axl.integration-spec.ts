import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { pino } from 'pino';
import { Agent, request } from 'undici';
import { SmartlicException, smartAgentRestError } from '#libs/contracts';
import { startCssmSimulator, type CssmSimulator } from '#simulators/cssm';
import { startUcAppsSimulator, type AxlExchange, type UcAppsSimulator, type UcClusterInput } from '#simulators/uc-apps';
import type { AppAdapterConfig } from '../../../config/app-adapter.config.js';
import type { ClusterTarget } from '../../cluster-target.js';
import { UcHttpClient } from '../../http/uc-http.client.js';
import { CucmDriver } from '../cucm.driver.js';
import { ensureXmllint, soleChildOf, validateWithSchema } from './support/xmllint.js';

const AXL_SCHEMA = fileURLToPath(new URL('../../../../../../reference/cisco-axl-schema/AXLSoap.xsd', import.meta.url));
const AXL_125 = 'http://www.cisco.com/AXL/API/12.5';
const AXL_140 = 'http://www.cisco.com/AXL/API/14.0';

const ADMIN = { username: 'ccmadmin', password: 'admin-secret' };
const PLATFORM = { username: 'osadmin', password: 'platform-secret' };
const TOKENS = { vaA: 'token-va-a', vaB: 'token-va-b', expired: 'token-expired' };
const PROXY_PASSWORD = 'p@ss<&>"word\'';

const cluster = (id: string, version: string, block: number, extra: Partial<UcClusterInput>): UcClusterInput => ({
  id,
  name: id,
  type: 'cucm',
  version,
  licenseMode: 'HCS',
  credentials: { admin: ADMIN, platform: PLATFORM },
  nodes: [
    { hostname: `${id}-pub`, address: `127.79.${block}.1`, publisher: true },
    { hostname: `${id}-sub`, address: `127.79.${block}.2`, publisher: false },
  ],
  ...extra,
});

const CLUSTERS = {
  '12.5': cluster('axl-125', '12.5.1.10000-22', 1, { licenseMode: 'HCS', usage: [{ license: 'Enhanced', count: 50 }, { license: 'Basic', count: 5 }] }),
  '14.0': cluster('axl-14', '14.0.1.13900-155', 2, {
    licenseMode: 'Enterprise',
    usage: [
      { license: 'Enhanced', count: 7 },
      { license: 'Enhanced Plus', count: 3 },
      { license: 'Cisco Unified Workspace Licensing (UWL)', count: 10 },
      { license: 'Telepresence Room', count: 0 },
    ],
  }),
} as const;

const failure = async (p: Promise<unknown>): Promise<SmartlicException> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof SmartlicException) return e;
    throw e;
  }
  throw new Error('expected the operation to fail');
};

const rowError = (key: string) => {
  const row = smartAgentRestError(key);
  return { code: row.catalogueCode, message: row.message, details: expect.objectContaining({ mappingRow: key }) };
};

describe('Unified CM driver over AXL, against the simulator and Cisco\'s AXL schema', () => {
  let cssm: CssmSimulator;
  let uc: UcAppsSimulator;
  let http: UcHttpClient;
  let admin: Agent;
  const sut = () => new CucmDriver(http);
  const exchanges: AxlExchange[] = [];
  /** Requests this spec wrote by hand (to draw AXL's own faults): their answers are checked, not the requests. */
  const handWritten = new Set<string>();

  const targetOf = (sim: UcClusterInput, overrides: Partial<ClusterTarget> = {}): ClusterTarget => ({
    clusterId: sim.id,
    applicationType: 'cucm',
    clusterType: 'cucm',
    version: sim.version,
    nodes: sim.nodes.map((n) => ({ hostname: n.hostname, address: n.address, port: uc.port, publisher: n.publisher })),
    credentials: { admin: ADMIN, platform: PLATFORM },
    tls: { caPem: uc.caPem! },
    ...overrides,
  });

  const simAdmin = async (path: string, body: unknown) => {
    const res = await request(`${uc.url}${path}`, { method: 'PUT', dispatcher: admin, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await res.body.text();
    expect(res.statusCode).toBeLessThan(300);
  };
  const transportOf = (id: string) => uc.clusters.get(id)!.nodes.find((n) => n.publisher)!.agent?.transport;

  beforeAll(async () => {
    ensureXmllint();
    cssm = await startCssmSimulator({
      scenario: {
        smartAccounts: [
          {
            domain: 'hcs-sp.example.com',
            name: 'HCS Service Provider',
            virtualAccounts: [
              { name: 'va-a', tokens: [{ token: TOKENS.vaA }, { token: TOKENS.expired, expirationDate: '2020-01-01T00:00:00Z' }] },
              { name: 'va-b', tokens: [{ token: TOKENS.vaB }] },
            ],
          },
        ],
      },
    });
    uc = await startUcAppsSimulator({ scenario: { clusters: Object.values(CLUSTERS) }, cssmUrl: cssm.url, tls: true, cssmTimeoutMs: 300, onAxlExchange: (e) => exchanges.push(e) });
    const config = {
      CAA_HTTP_SCHEME: 'https',
      CAA_MAX_CONCURRENCY_PER_TYPE: 4,
      CAA_READ_RETRIES: 0,
      CAA_RETRY_BACKOFF_MS: 10,
      CAA_CONNECT_TIMEOUT_MS: 2000,
      CAA_REQUEST_TIMEOUT_MS: 5000,
    } as AppAdapterConfig;
    http = new UcHttpClient(config, pino({ level: 'silent' }));
    admin = new Agent({ connect: { ca: uc.caPem! } });
  });
  afterAll(async () => {
    await http?.onModuleDestroy();
    await admin?.close();
    await uc?.close();
    await cssm?.close();
  });

  describe.each([
    ['12.5', CLUSTERS['12.5']],
    ['14.0', CLUSTERS['14.0']],
  ] as const)('a Unified CM %s cluster', (axlVersion, sim) => {
    const hcs = sim.licenseMode === 'HCS';

    it(`speaks AXL ${axlVersion} (SOAPAction and namespace) and reads an unregistered product in evaluation mode`, async () => {
      const before = exchanges.length;
      const status = await sut().status(targetOf(sim));
      expect(status).toEqual({
        licenseMode: sim.licenseMode,
        nodes: [{ hostname: `${sim.id}-pub`, address: sim.nodes[0]!.address, registrationStatus: 'evaluation', authorizationStatus: 'Evaluation Mode', smartAccount: null, virtualAccount: null, registrationExpires: null, authorizationExpires: null }],
      });
      const sent = exchanges.slice(before);
      expect(sent.map((e) => e.operation)).toEqual(['getSmartLicenseStatus']);
      expect(sent[0]!.request).toContain(`xmlns:ns="http://www.cisco.com/AXL/API/${axlVersion}"`);
    });

    it('reports usage as the entitlements of getSmartLicenseStatus, under smartlic\'s license names', async () => {
      const usage = await sut().licenseUsage(targetOf(sim));
      expect(usage).toEqual(
        hcs
          ? { licenseMode: 'HCS', usage: [{ license: 'HCS Cisco UCM Foundation License', count: 55, status: 'EvalMode' }] }
          : {
              licenseMode: 'Enterprise',
              usage: [
                { license: 'Enhanced', count: 7, status: 'EvalMode' },
                { license: 'Enhanced Plus', count: 3, status: 'EvalMode' },
                { license: 'Cisco Unified Workspace Licensing (UWL)', count: 10, status: 'EvalMode' },
                { license: 'Telepresence Room', count: 0, status: 'Init' },
              ],
            },
      );
    });

    it('sets and reads the transport: proxy without and with authentication (the password never comes back), satellite, direct', async () => {
      const target = targetOf(sim);
      expect(await sut().getTransport(target)).toEqual({ mode: 'Direct' });

      const proxy = { mode: 'Proxy' as const, proxy: { host: 'proxy.example.com', port: 3128 } };
      expect(await sut().setTransport(target, proxy)).toEqual(proxy);
      expect(await sut().getTransport(target)).toEqual(proxy);
      expect(transportOf(sim.id)).toEqual({ mode: 1, proxyIp: 'proxy.example.com', proxyPort: 3128 });

      const authenticated = await sut().setTransport(target, { mode: 'Proxy', proxy: { host: '10.0.0.9', port: 8080, username: 'proxy-user', password: PROXY_PASSWORD } });
      expect(authenticated).toEqual({ mode: 'Proxy', proxy: { host: '10.0.0.9', port: 8080 } });
      const read = await sut().getTransport(target);
      expect(read).toEqual({ mode: 'Proxy', proxy: { host: '10.0.0.9', port: 8080 } });
      expect(JSON.stringify(read)).not.toContain('p@ss');
      expect(transportOf(sim.id)).toEqual({ mode: 1, proxyIp: '10.0.0.9', proxyPort: 8080, proxyUser: 'proxy-user', proxyPasswordSha256: createHash('sha256').update(PROXY_PASSWORD).digest('hex') });
      const getAnswer = exchanges.filter((e) => e.operation === 'getTransportSettings').at(-1)!;
      expect(getAnswer.response).toContain('<proxyUserName>proxy-user</proxyUserName>');
      expect(getAnswer.response).not.toContain('p@ss');

      const satellite = { mode: 'Satellite' as const, satelliteUrl: 'https://ssm-onprem.example.com/SmartTransport' };
      expect(await sut().setTransport(target, satellite)).toEqual(satellite);
      expect(await sut().getTransport(target)).toEqual(satellite);
      expect(await sut().setTransport(target, { mode: 'Direct' })).toEqual({ mode: 'Direct' });
      expect(await sut().getTransport(target)).toEqual({ mode: 'Direct' });
    });

    it('refuses incomplete proxy credentials itself, naming the field, without calling the application', async () => {
      const before = exchanges.length;
      const error = await failure(sut().setTransport(targetOf(sim), { mode: 'Proxy', proxy: { host: 'proxy.example.com', port: 3128, username: 'proxy-user' } }));
      expect(error).toMatchObject({ code: 'CAA1040', details: { field: 'proxy.password' } });
      expect(JSON.stringify(error)).not.toContain('p@ss');
      expect(exchanges.length).toBe(before);
    });

    it('maps the transport validation answers to their rows', async () => {
      const target = targetOf(sim);
      expect(await failure(sut().setTransport(target, { mode: 'Proxy', proxy: { host: '10.0.0.1', port: 70000 } }))).toMatchObject(rowError('transportsettings.invalid-proxy-port'));
      expect(await failure(sut().setTransport(target, { mode: 'Proxy', proxy: { host: '999.1.1.1', port: 3128 } }))).toMatchObject(rowError('transportsettings.invalid-proxy-address'));
      expect(await failure(sut().setTransport(target, { mode: 'Satellite', satelliteUrl: 'satellite without scheme' }))).toMatchObject(rowError('transportsettings.invalid-gateway-url'));
      await simAdmin(`/__admin/clusters/${sim.id}/conditions`, { transportApplyFails: true });
      expect(await failure(sut().setTransport(target, { mode: 'Direct' }))).toMatchObject(rowError('transportsettings.apply-failed'));
      await simAdmin(`/__admin/clusters/${sim.id}/conditions`, { transportApplyFails: false });
    });

    it('registers, refuses a second registration without force, re-registers with force to another virtual account', async () => {
      const target = targetOf(sim);
      expect(await failure(sut().register(target, TOKENS.expired, false))).toMatchObject(rowError('register.invalid-token'));
      expect((await sut().register(target, TOKENS.vaA, false)).map((n) => n.hostname)).toEqual([`${sim.id}-pub`]);
      const status = await sut().status(target);
      expect(status.nodes[0]).toMatchObject({ registrationStatus: 'registered', smartAccount: 'hcs-sp.example.com', virtualAccount: 'va-a', authorizationStatus: expect.stringMatching(/^(Authorized|Out of Compliance)$/) });
      const instance = cssm.state.instance(`${sim.id}/${sim.id}-pub`)!;
      // AXL dates have whole seconds (Java's Date.toString()).
      expect(status.nodes[0]!.registrationExpires).toBe(new Date(Math.floor(new Date(instance.registrationExpires).getTime() / 1000) * 1000).toISOString());
      expect(status.nodes[0]!.authorizationExpires).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);

      expect(await failure(sut().register(target, TOKENS.vaB, false))).toMatchObject(rowError('register.already-registered'));
      await sut().register(target, TOKENS.vaB, true);
      expect((await sut().status(target)).nodes[0]).toMatchObject({ registrationStatus: 'registered', virtualAccount: 'va-b' });
      const usage = await sut().licenseUsage(target);
      expect(usage.usage.every((u) => u.count === 0 ? u.status === 'Init' : /^(InCompliance|OutOfCompliance)$/.test(u.status ?? ''))).toBe(true);
    });

    it('renews registration and authorization; refuses a transport change while registered', async () => {
      const target = targetOf(sim);
      await sut().renewId(target);
      await sut().renewAuth(target);
      expect(await failure(sut().setTransport(target, { mode: 'Direct' }))).toMatchObject(rowError('transportsettings.not-allowed'));
    });

    it('maps the smart agent\'s failures: server stopped, invalid trust chain, license database unavailable', async () => {
      const target = targetOf(sim);
      await simAdmin(`/__admin/clusters/${sim.id}/conditions`, { smartLicenseServerStopped: true });
      expect(await failure(sut().renewId(target))).toMatchObject(rowError('renewID.server-not-running'));
      expect(await failure(sut().register(target, TOKENS.vaA, true))).toMatchObject(rowError('register.server-not-running'));
      await simAdmin(`/__admin/clusters/${sim.id}/conditions`, { smartLicenseServerStopped: false, invalidTrustChain: true, licenseDatabaseUnavailable: true });
      expect(await failure(sut().renewAuth(target))).toMatchObject(rowError('renewAuth.invalid-trust-chain'));
      expect(await failure(sut().deregister(target))).toMatchObject(rowError('deregister.invalid-trust-chain'));
      expect(await failure(sut().status(target))).toMatchObject(rowError('licensedetails.license-count-unavailable'));
      await simAdmin(`/__admin/clusters/${sim.id}/conditions`, { invalidTrustChain: false, licenseDatabaseUnavailable: false });
    });

    it('deregisters; a second deregistration and renewals are refused with the "unregistered state" rows', async () => {
      const target = targetOf(sim);
      await sut().deregister(target);
      expect((await sut().status(target)).nodes[0]).toMatchObject({ registrationStatus: 'evaluation', virtualAccount: null });
      expect(await failure(sut().deregister(target))).toMatchObject(rowError('deregister.not-allowed'));
      expect(await failure(sut().renewId(target))).toMatchObject(rowError('renewID.not-allowed'));
      expect(await failure(sut().renewAuth(target))).toMatchObject(rowError('renewAuth.not-allowed'));
    });

    it('a node provisioned as publisher that is a subscriber: CAA1049, the cluster\'s own process nodes naming the publisher', async () => {
      const swapped = targetOf(sim, { nodes: targetOf(sim).nodes.map((n) => ({ ...n, publisher: !n.publisher })) });
      expect(await failure(sut().register(swapped, TOKENS.vaA, false))).toMatchObject({ code: 'CAA1049', details: { mappingRow: 'register.subscriber-node' } });
      expect(await failure(sut().deregister(swapped))).toMatchObject({ code: 'CAA1049', details: { mappingRow: 'deregister.not-allowed', reportedPublisher: `${sim.id}-pub` } });
      expect(exchanges.at(-1)!.operation).toBe('listProcessNode');
      // On the real publisher the same refusal keeps its row: the product is simply not registered.
      expect(await failure(sut().renewId(targetOf(sim)))).toMatchObject({ code: smartAgentRestError('renewID.not-allowed').catalogueCode });
    });

    it('refused credentials are CAA1035; an AXL version the release does not offer is CAA1036', async () => {
      expect(await failure(sut().status(targetOf(sim, { credentials: { admin: { username: 'ccmadmin', password: 'wrong' } } })))).toMatchObject({ code: 'CAA1035', details: { httpStatus: 401 } });
      if (axlVersion === '12.5') {
        // Provisioned as 14 while the box runs 12.5: AXL 14.0 does not exist there.
        const error = await failure(sut().status(targetOf(sim, { version: '14.0.1' })));
        expect(error).toMatchObject({ code: 'CAA1036', details: { axlOperation: 'getSmartLicenseStatus', upstreamMessage: expect.stringContaining('14.0') } });
      } else {
        // Provisioned as 12.5 while the box runs 14: 14 still offers the 12.5 schema.
        expect((await sut().status(targetOf(sim, { version: '12.5.1' }))).nodes[0]!.registrationStatus).toBe('evaluation');
      }
    });
  });

  it('AXL\'s own faults for requests smartlic never sends: unknown operation, broken envelope, version mismatch, missing element', async () => {
    const post = async (body: string, soapAction: string) => {
      handWritten.add(body);
      const res = await request(`https://${CLUSTERS['14.0'].nodes[0]!.address}:${uc.port}/axl/`, {
        method: 'POST',
        dispatcher: admin,
        headers: { 'content-type': 'text/xml', soapaction: soapAction, authorization: `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}` },
        body,
      });
      return { status: res.statusCode, text: await res.body.text() };
    };
    const envelope = (ns: string, inner: string) => `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="${ns}"><soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`;
    const fault = (text: string) => new XMLParser({ removeNSPrefix: true, parseTagValue: false }).parse(text).Envelope.Body.Fault;
    expect(fault((await post(envelope(AXL_140, '<ns:listPhone/>'), '"CUCM:DB ver=14.0 listPhone"')).text)).toMatchObject({ faultcode: 'soapenv:Client', faultstring: expect.stringContaining('listPhone') });
    expect((await post('<not-soap/>', '"CUCM:DB ver=14.0"')).status).toBe(500);
    expect(fault((await post(envelope(AXL_125, '<ns:getSmartLicenseStatus/>'), '"CUCM:DB ver=14.0 getSmartLicenseStatus"')).text).faultstring).toContain('does not match');
    expect(fault((await post(envelope(AXL_140, '<ns:doSmartLicenseRegister><token>t</token></ns:doSmartLicenseRegister>'), '"CUCM:DB ver=14.0 doSmartLicenseRegister"')).text).faultstring).toContain('force');
  });

  it('every AXL request the driver sent and every answer the simulator gave is valid against Cisco\'s AXL schema', () => {
    // Cisco's 12.5 schema is not vendored. The smart-licensing operations 12.5 introduced are the ones the 14.0 schema
    // keeps (same elements, types and order), so a 12.5 document is validated as its 14.0 twin: only the namespace
    // URI changes. (The proxy-authentication elements may be 14-only: the driver sends them only with credentials.)
    const as140 = (xml: string) => xml.split(AXL_125).join(AXL_140);
    const documents: { name: string; xml: string }[] = [];
    const faults: { name: string; fault: { faultcode?: unknown; faultstring?: unknown; detail?: unknown } }[] = [];
    exchanges.forEach((e, i) => {
      const name = `#${i} ${e.operation}`;
      if (!handWritten.has(e.request)) documents.push({ name: `${name} request`, xml: as140(soleChildOf(e.request, 'Body')) });
      if (e.status === 401) {
        expect(e.contentType).toContain('text/html');
        return;
      }
      if (e.status === 200) {
        documents.push({ name: `${name} answer`, xml: as140(soleChildOf(e.response, 'Body')) });
        return;
      }
      expect(e.status).toBe(500);
      // A fault is SOAP 1.1's own element (no AXL schema declares it): its shape is checked here, and its detail
      // (the WSDL's fault part, axlapi:axlError) against the AXL schema.
      faults.push({ name, fault: new XMLParser({ parseTagValue: false }).parse(e.response)['soapenv:Envelope']['soapenv:Body']['soapenv:Fault'] });
      documents.push({ name: `${name} fault detail`, xml: as140(soleChildOf(e.response, 'detail')) });
    });
    for (const { name, fault } of faults) {
      expect({ name, faultcode: fault.faultcode, faultstring: typeof fault.faultstring }).toEqual({ name, faultcode: expect.stringMatching(/^soapenv:(Client|Server)$/), faultstring: 'string' });
    }

    const driverRequests = exchanges.filter((e) => !handWritten.has(e.request));
    const operations = new Set(driverRequests.map((e) => e.operation));
    expect([...operations].sort()).toEqual(
      ['doSmartLicenseDeRegister', 'doSmartLicenseReRegister', 'doSmartLicenseRegister', 'doSmartLicenseRenewAuthorization', 'doSmartLicenseRenewRegistration', 'doUpdateTransportSettings', 'getSmartLicenseStatus', 'getTransportSettings', 'listProcessNode'].sort(),
    );
    const transports = driverRequests.filter((e) => e.operation === 'doUpdateTransportSettings').map((e) => e.request);
    expect(transports.some((r) => r.includes('<enableProxyAuthentication>true</enableProxyAuthentication>'))).toBe(true);
    expect(transports.some((r) => r.includes('<transportMode>2</transportMode>') && !r.includes('enableProxyAuthentication'))).toBe(true);
    expect(driverRequests.some((e) => e.request.includes('<force>false</force>'))).toBe(true);
    const successes = new Set(exchanges.filter((e) => e.status === 200).map((e) => e.operation));
    expect(successes).toEqual(operations);
    expect(faults.some((f) => f.fault.faultcode === 'soapenv:Server')).toBe(true);
    expect(faults.some((f) => f.fault.faultcode === 'soapenv:Client')).toBe(true);

    // A control: the same validation must refuse a register request without its mandatory <force>.
    const register = documents.find((d) => d.name.endsWith('doSmartLicenseRegister request'))!;
    const control = { name: 'control: register without force', xml: register.xml.replace(/<force>[^<]*<\/force>/, '') };
    const verdicts = validateWithSchema(AXL_SCHEMA, [...documents, control]);
    expect(verdicts.pop()).toMatchObject({ valid: false, errors: [expect.stringContaining('force')] });
    expect(verdicts.length).toBeGreaterThan(100);
    expect(verdicts.filter((v) => !v.valid)).toEqual([]);
  });
});
