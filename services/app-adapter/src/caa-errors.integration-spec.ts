import { Agent, request } from 'undici';
import { CaaCommands, catalogueEntry, SMART_AGENT_REST_ERRORS, type ErrorCode, type SmartAgentRestError, type SmartlicError } from '#libs/contracts';
import { CommandFailedError } from '#libs/messaging';
import { closedPort, startCaaLab, TOKENS, ucCluster, type CaaLab } from './__tests__/fixtures/caa-lab.fixture.js';

const CUCM = ucCluster('cucm-e', 'cucm', 11);
const CUC = ucCluster('cuc-e', 'cuc', 12);
const CER = ucCluster('cer-e', 'cer', 13);
const EXP = ucCluster('exp-e', 'expressway-e', 14);
const EXP_MISMATCH = ucCluster('exp-m', 'expressway-c', 15);
const CUCM_REBOOT = ucCluster('cucm-r', 'cucm', 16);

const failure = async (p: Promise<unknown>): Promise<SmartlicError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof CommandFailedError) return e.error;
    throw e;
  }
  throw new Error('expected the command to fail');
};

/** What the caller must receive for a mapping-table row: its message and action, its CAA code (CAA1035 for 401). */
const expectedFor = (row: SmartAgentRestError) => {
  const code: ErrorCode = row.httpStatus === 401 ? 'CAA1035' : row.catalogueCode;
  return { code, message: row.message, recommendedAction: row.recommendedAction || catalogueEntry(code).recommendedAction };
};

describe('app-adapter failures map to the guide catalogue', () => {
  let lab: CaaLab;
  let admin: Agent;

  const simAdmin = async (method: 'PUT' | 'POST', path: string, body: unknown) => {
    const res = await request(`${lab.uc.url}${path}`, { method, dispatcher: admin, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await res.body.text();
    expect(res.statusCode).toBeLessThan(300);
  };

  beforeAll(async () => {
    lab = await startCaaLab('caa-errs', { clusters: [CUCM, CUC, CER, EXP, EXP_MISMATCH, CUCM_REBOOT] }, { rebootMs: 1500 });
    admin = new Agent({ connect: { ca: lab.uc.caPem! } });
    for (const c of [CUCM, CUC, CER, EXP, CUCM_REBOOT]) await lab.provision(lab.clusterOf(c));
  });
  afterEach(() => lab.uc.faults.clear());
  afterAll(async () => {
    await admin?.close();
    await lab?.close();
  });

  describe('every row of the smart-agent REST error mapping table (Unity Connection CUPI)', () => {
    const OPERATION_COMMAND = {
      transportsettings: (id: string) => lab.commands.request(CaaCommands.setTransport('cuc'), { clusterId: id, mode: 'Direct' }),
      deregister: (id: string) => lab.commands.request(CaaCommands.deregister('cuc'), { clusterId: id }),
      register: (id: string) => lab.commands.request(CaaCommands.register('cuc'), { clusterId: id, token: TOKENS.vaA }),
      renewID: (id: string) => lab.commands.request(CaaCommands.renewId('cuc'), { clusterId: id }),
      renewAuth: (id: string) => lab.commands.request(CaaCommands.renewAuth('cuc'), { clusterId: id }),
      licensedetails: (id: string) => lab.commands.request(CaaCommands.licenseUsage('cuc'), { clusterId: id }),
      all: (id: string) => lab.commands.request(CaaCommands.status('cuc'), { clusterId: id }),
    } as const;
    const ROUTE = { transportsettings: 'cuc.transportsettings', all: 'cuc.licensedetails' } as Record<string, string>;

    it.each(SMART_AGENT_REST_ERRORS.map((row) => [row.key, row] as const))('%s', async (_key, row) => {
      // CUPI's error document carrying the row.
      lab.uc.faults.add({ route: ROUTE[row.operation] ?? `cuc.${row.operation}`, target: CUC.id, kind: 'status', status: row.httpStatus, body: { errors: { code: row.code, message: row.message } }, times: 1 });
      const error = await failure(OPERATION_COMMAND[row.operation](CUC.id));
      expect(error).toMatchObject(expectedFor(row));
      expect(error.details).toMatchObject({ mappingRow: row.key, httpStatus: row.httpStatus, restCode: row.code, alarms: row.alarms });
    });
  });

  describe('the same rows through Unified CM AXL SOAP faults', () => {
    // Each row of the guide's table as the fault of the AXL operation that carries it (WIRE-FORMATS.md §2).
    const AXL = {
      register: ['cucm.axl.register', 'doSmartLicenseRegister', () => lab.commands.request(CaaCommands.register('cucm'), { clusterId: CUCM.id, token: TOKENS.vaA })],
      deregister: ['cucm.axl.deregister', 'doSmartLicenseDeRegister', () => lab.commands.request(CaaCommands.deregister('cucm'), { clusterId: CUCM.id })],
      renewID: ['cucm.axl.renewRegistration', 'doSmartLicenseRenewRegistration', () => lab.commands.request(CaaCommands.renewId('cucm'), { clusterId: CUCM.id })],
      renewAuth: ['cucm.axl.renewAuthorization', 'doSmartLicenseRenewAuthorization', () => lab.commands.request(CaaCommands.renewAuth('cucm'), { clusterId: CUCM.id })],
      transportsettings: ['cucm.axl.transport', 'doUpdateTransportSettings', () => lab.commands.request(CaaCommands.setTransport('cucm'), { clusterId: CUCM.id, mode: 'Direct' })],
      licensedetails: ['cucm.axl.status', 'getSmartLicenseStatus', () => lab.commands.request(CaaCommands.status('cucm'), { clusterId: CUCM.id })],
    } as const;
    const AXL_ROWS = SMART_AGENT_REST_ERRORS.filter((r): r is SmartAgentRestError & { operation: keyof typeof AXL } => r.operation !== 'all');
    const soapFault = (row: SmartAgentRestError, request: string) =>
      `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server</faultcode>` +
      `<faultstring>${row.message}</faultstring><detail><axlError><axlcode>${row.httpStatus}</axlcode><axlmessage>${row.message}</axlmessage><request>${request}</request></axlError></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;

    it.each(AXL_ROWS.map((row) => [row.key, row] as const))('%s', async (_key, row) => {
      const [route, request, call] = AXL[row.operation];
      lab.uc.faults.add({ route, target: CUCM.id, kind: 'status', status: 500, body: soapFault(row, request), times: 1 });
      const error = await failure(call());
      expect(error).toMatchObject(expectedFor(row));
      expect(error.details).toMatchObject({ mappingRow: row.key, axlOperation: request });
    });
  });

  describe('failures the simulated applications really produce', () => {
    it('an expired token is CAA1048 with the row message, and a registration the agent rejects is CAA1081 (UCAPI1010)', async () => {
      const expired = await failure(lab.commands.request(CaaCommands.register('cucm'), { clusterId: CUCM.id, token: TOKENS.expired }));
      expect(expired).toMatchObject({ code: 'CAA1048', message: expect.stringMatching(/^The Product Instance Registration Token you have entered is either invalid/) });
      await simAdmin('PUT', `/__admin/clusters/${CER.id}/conditions`, { registrationRejected: true });
      const rejected = await failure(lab.commands.request(CaaCommands.register('cer'), { clusterId: CER.id, token: TOKENS.vaA }));
      expect(rejected).toMatchObject({ code: 'CAA1081', message: 'The Product Instance was unable to register with Smart Software Licensing', details: { ucapiCode: 'UCAPI1010' } });
      await simAdmin('PUT', `/__admin/clusters/${CER.id}/conditions`, { registrationRejected: false, transportApplyFails: true, licenseDatabaseUnavailable: true });
      expect(await failure(lab.commands.request(CaaCommands.setTransport('cer'), { clusterId: CER.id, mode: 'Direct' }))).toMatchObject({ code: 'CAA1083', details: { ucapiCode: 'UCAPI1012' } });
      expect(await failure(lab.commands.request(CaaCommands.licenseUsage('cer'), { clusterId: CER.id }))).toMatchObject({ code: 'CAA1043', message: 'Unable to fetch license count from database' });
      await simAdmin('PUT', `/__admin/clusters/${CER.id}/conditions`, { transportApplyFails: false, licenseDatabaseUnavailable: false });
    });

    it('already registered without force is CAA1081; with force it registers again', async () => {
      await lab.commands.request(CaaCommands.register('cucm'), { clusterId: CUCM.id, token: TOKENS.vaA });
      const again = await failure(lab.commands.request(CaaCommands.register('cucm'), { clusterId: CUCM.id, token: TOKENS.vaB }));
      expect(again).toMatchObject({ code: 'CAA1081', message: "Product is already registered on CSSM. To Re-register it use 'force' flag" });
      await lab.commands.request(CaaCommands.register('cucm'), { clusterId: CUCM.id, token: TOKENS.vaB, force: true });
      expect(await lab.commands.request(CaaCommands.status('cucm'), { clusterId: CUCM.id })).toMatchObject({ registrationStatus: 'registered', virtualAccount: 'va-b' });
      await lab.commands.request(CaaCommands.deregister('cucm'), { clusterId: CUCM.id });
    });

    it('a node provisioned as publisher that is a subscriber answers CAA1049 (register, deregister, license mode)', async () => {
      const swap = <T extends { publisher: boolean }>(nodes: T[]) => nodes.map((n) => ({ ...n, publisher: !n.publisher }));
      await lab.provision({ ...lab.clusterOf(CUCM), id: 'cucm-swapped', nodes: swap(lab.clusterOf(CUCM).nodes) });
      await lab.provision({ ...lab.clusterOf(CUC), id: 'cuc-swapped', nodes: swap(lab.clusterOf(CUC).nodes) });
      expect(await failure(lab.commands.request(CaaCommands.register('cucm'), { clusterId: 'cucm-swapped', token: TOKENS.vaA }))).toMatchObject({ code: 'CAA1049' });
      // The deregister row says "unregistered state or Subscriber": the cluster's AXL process nodes name the publisher.
      expect(await failure(lab.commands.request(CaaCommands.deregister('cucm'), { clusterId: 'cucm-swapped' }))).toMatchObject({ code: 'CAA1049', details: { reportedPublisher: 'cucm-e-pub' } });
      expect(await failure(lab.commands.request(CaaCommands.register('cuc'), { clusterId: 'cuc-swapped', token: TOKENS.vaA }))).toMatchObject({ code: 'CAA1049' });
      const deregister = await failure(lab.commands.request(CaaCommands.deregister('cuc'), { clusterId: 'cuc-swapped' }));
      expect(deregister).toMatchObject({ code: 'CAA1049', details: { reportedPublisher: 'cuc-e-pub' } });
      expect(await failure(lab.commands.request(CaaCommands.setLicenseMode('cucm'), { clusterId: 'cucm-swapped', mode: 'Enterprise' }))).toMatchObject({ code: 'CAA1049' });
    });

    it('bad credentials are CAA1035; missing ones CAA1004 (admin) and CAA1008 (platform); refused platform credentials CAA1084', async () => {
      const wrong = { username: 'ccmadmin', password: 'wrong' };
      await lab.provision(lab.clusterOf(CUCM, { id: 'cucm-badpw', credentials: { admin: wrong, platform: wrong } }));
      await lab.provision(lab.clusterOf(CUC, { id: 'cuc-badpw', credentials: { admin: wrong } }));
      await lab.provision(lab.clusterOf(CER, { id: 'cer-nocreds', credentials: {} }));
      await lab.provision(lab.clusterOf(EXP, { id: 'exp-badpw', credentials: { admin: wrong } }));
      expect(await failure(lab.commands.request(CaaCommands.status('cucm'), { clusterId: 'cucm-badpw' }))).toMatchObject({ code: 'CAA1035', message: 'Invalid admin credentials' });
      expect(await failure(lab.commands.request(CaaCommands.status('cuc'), { clusterId: 'cuc-badpw' }))).toMatchObject({
        code: 'CAA1035',
        message: 'User is not authorized to perform this operation',
        recommendedAction: 'Use correct priviledge to run commands',
      });
      expect(await failure(lab.commands.request(CaaCommands.status('expressway'), { clusterId: 'exp-badpw' }))).toMatchObject({ code: 'CAA1035' });
      expect(await failure(lab.commands.request(CaaCommands.getLicenseMode('cucm'), { clusterId: 'cucm-badpw' }))).toMatchObject({ code: 'CAA1084' });
      // Emergency Responder's smart agent is reached over its platform CLI: the platform credentials are the ones missing.
      expect(await failure(lab.commands.request(CaaCommands.status('cer'), { clusterId: 'cer-nocreds' }))).toMatchObject({ code: 'CAA1008', message: 'No platform credentials configured for the application' });
      expect(await failure(lab.commands.request(CaaCommands.getLicenseMode('cer'), { clusterId: 'cer-nocreds' }))).toMatchObject({ code: 'CAA1008' });
      await lab.provision(lab.clusterOf(CER, { id: 'cer-noplatform', credentials: { admin: lab.clusterOf(CER).credentials.admin! } }));
      expect(await failure(lab.commands.request(CaaCommands.setLicenseMode('cer'), { clusterId: 'cer-noplatform', mode: 'HCS' }))).toMatchObject({ code: 'CAA1008' });
    });

    it('unknown clusters, another type, unsupported versions and unreachable nodes', async () => {
      expect(await failure(lab.commands.request(CaaCommands.status('cucm'), { clusterId: 'nope' }))).toMatchObject({ code: 'CAA1003' });
      expect(await failure(lab.commands.request(CaaCommands.status('cuc'), { clusterId: CUCM.id }))).toMatchObject({ code: 'CAA1005' });
      await lab.provision(lab.clusterOf(CUCM, { id: 'cucm-11', version: '11.5.1' }));
      expect(await failure(lab.commands.request(CaaCommands.register('cucm'), { clusterId: 'cucm-11', token: TOKENS.vaA }))).toMatchObject({ code: 'CAA1045' });
      // Not a node of the simulator: the connection is reset (its certificate would not name the address either).
      await lab.provision(lab.clusterOf(CUCM, { id: 'cucm-gone', nodes: [{ hostname: 'gone-pub', address: '127.78.99.1', port: lab.uc.port, publisher: true }], tls: { insecureSkipVerify: true } }));
      expect(await failure(lab.commands.request(CaaCommands.status('cucm'), { clusterId: 'cucm-gone' }))).toMatchObject({ code: 'CAA1046', message: 'CAA cannot connect to application' });
      const port = await closedPort();
      await lab.provision(lab.clusterOf(CUC, { id: 'cuc-refused', nodes: [{ hostname: 'refused-pub', address: '127.0.0.1', port, publisher: true }] }));
      expect(await failure(lab.commands.request(CaaCommands.register('cuc'), { clusterId: 'cuc-refused', token: TOKENS.vaA }))).toMatchObject({ code: 'CAA1046', details: { cause: 'ECONNREFUSED' } });
    });

    it('garbage answers are CAA1037 (AXL XML) and CAA1012 (JSON), never a crash', async () => {
      lab.uc.faults.add({ route: 'cucm.axl.status', target: CUCM.id, kind: 'malformed' });
      expect(await failure(lab.commands.request(CaaCommands.status('cucm'), { clusterId: CUCM.id }))).toMatchObject({ code: 'CAA1037' });
      lab.uc.faults.add({ route: 'cuc.licensedetails', target: CUC.id, kind: 'malformed' });
      expect(await failure(lab.commands.request(CaaCommands.licenseUsage('cuc'), { clusterId: CUC.id }))).toMatchObject({ code: 'CAA1012' });
      lab.uc.faults.add({ route: 'expressway.status', target: EXP.id, kind: 'status', status: 200, body: { unexpected: true } });
      expect(await failure(lab.commands.request(CaaCommands.status('expressway'), { clusterId: EXP.id }))).toMatchObject({ code: 'CAA1012' });
    });

    it('an idempotent read is retried after a dropped connection; a registration is not', async () => {
      lab.uc.faults.add({ route: 'cuc.licensedetails', target: CUC.id, kind: 'reset', times: 1 });
      expect(await lab.commands.request(CaaCommands.status('cuc'), { clusterId: CUC.id })).toMatchObject({ registrationStatus: 'evaluation' });
      lab.uc.faults.add({ route: 'cuc.register', target: CUC.id, kind: 'reset', times: 1 });
      const before = lab.uc.calls.count('cuc.register', CUC.id);
      expect(await failure(lab.commands.request(CaaCommands.register('cuc'), { clusterId: CUC.id, token: TOKENS.vaA }))).toMatchObject({ code: 'CAA1046' });
      expect(lab.uc.calls.count('cuc.register', CUC.id) - before).toBe(1);
    });
  });

  describe('license mode change', () => {
    it('fails with CAA1046 when the publisher does not answer again before the restart deadline', async () => {
      const error = await failure(lab.commands.request(CaaCommands.setLicenseMode('cucm'), { clusterId: CUCM_REBOOT.id, mode: 'Enterprise', rebootDeadlineMs: 1000 }));
      expect(error).toMatchObject({ code: 'CAA1046', details: { rebootDeadlineMs: 1000, reason: 'the publisher did not answer again before the restart deadline' } });
    });
  });

  describe('TLS trust per cluster', () => {
    it('refuses a self-signed certificate without the cluster CA bundle (CAA1018) and accepts the explicit opt-out', async () => {
      await lab.provision(lab.clusterOf(CUC, { id: 'cuc-no-ca', tls: undefined }));
      expect(await failure(lab.commands.request(CaaCommands.status('cuc'), { clusterId: 'cuc-no-ca' }))).toMatchObject({ code: 'CAA1018' });
      await lab.provision(lab.clusterOf(CUC, { id: 'cuc-opt-out', tls: { insecureSkipVerify: true } }));
      expect(await lab.commands.request(CaaCommands.status('cuc'), { clusterId: 'cuc-opt-out' })).toMatchObject({ known: true });
    });
  });

  describe('Expressway registers per node', () => {
    const registerNode = async (address: string, token: string) => {
      const res = await request(`${lab.uc.nodeUrl(address)}/api/provisioning/common/smartlicensing/registration`, {
        method: 'POST',
        dispatcher: admin,
        headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('ccmadmin:admin-secret').toString('base64')}` },
        body: JSON.stringify({ Token: token }),
      });
      expect(res.statusCode).toBe(200);
      await res.body.text();
    };

    it('reports partially registered, then registered to several virtual accounts (nodes registered from the Expressway UI)', async () => {
      await registerNode(EXP.nodes[0]!.address, TOKENS.vaA);
      expect(await lab.commands.request(CaaCommands.status('expressway'), { clusterId: EXP.id })).toMatchObject({ registrationStatus: 'partially-registered', virtualAccount: 'va-a', virtualAccounts: ['va-a'] });
      await registerNode(EXP.nodes[1]!.address, TOKENS.vaB);
      const multi = await lab.commands.request(CaaCommands.status('expressway'), { clusterId: EXP.id });
      expect(multi).toMatchObject({ registrationStatus: 'multiple-virtual-accounts', virtualAccount: null, virtualAccounts: ['va-a', 'va-b'] });
      expect(multi.nodes.map((n) => n.virtualAccount)).toEqual(['va-a', 'va-b']);
      await lab.commands.request(CaaCommands.deregister('expressway'), { clusterId: EXP.id });
    });

    const registerExpressway = (clusterId: string) => lab.commands.request(CaaCommands.register('expressway'), { clusterId, token: TOKENS.vaA });
    const registrations = () => lab.uc.calls.count('expressway.register', EXP_MISMATCH.id);

    it('"Add all the nodes of the Expressway cluster in HCM-F, to register the cluster": the cluster\'s peers match, every node registers', async () => {
      await lab.provision(lab.clusterOf(EXP_MISMATCH));
      const peersRead = lab.uc.calls.count('expressway.cluster.peers', EXP_MISMATCH.id);
      const registered = await registerExpressway(EXP_MISMATCH.id);
      expect(registered.nodes.map((n) => n.hostname)).toEqual(['exp-m-pub', 'exp-m-sub']);
      expect(registered.status).toMatchObject({ registrationStatus: 'registered', virtualAccount: 'va-a' });
      // One read of the clustering configuration per registration, not one per node.
      expect(lab.uc.calls.count('expressway.cluster.peers', EXP_MISMATCH.id) - peersRead).toBe(1);
      await lab.commands.request(CaaCommands.deregister('expressway'), { clusterId: EXP_MISMATCH.id });
    });

    it('"If there is a mismatch in the number of Expressway cluster nodes that is configured in HCM-F, then the registration fails": one node too many, no node registered', async () => {
      const cluster = lab.clusterOf(EXP_MISMATCH);
      await lab.provision({ ...cluster, id: 'exp-m-more', nodes: [...cluster.nodes, { hostname: 'exp-m-3', address: '127.78.15.3', port: lab.uc.port, publisher: false }] });
      const before = registrations();
      const error = await failure(registerExpressway('exp-m-more'));
      expect(error).toMatchObject({
        code: 'CAA1080',
        message: 'If there is a mismatch in the number of Expressway cluster nodes that is configured in HCM-F, then the registration fails',
        recommendedAction: 'Add all the nodes of the Expressway cluster in HCM-F, to register the cluster.',
        details: {
          provisionedNodes: [
            { hostname: 'exp-m-pub', address: '127.78.15.1' },
            { hostname: 'exp-m-sub', address: '127.78.15.2' },
            { hostname: 'exp-m-3', address: '127.78.15.3' },
          ],
          clusterPeers: ['127.78.15.1', '127.78.15.2'],
          notInCluster: ['exp-m-3'],
          notProvisioned: [],
        },
      });
      expect(registrations()).toBe(before);
    });

    it('"If there is a mismatch in the number of Expressway cluster nodes that is configured in HCM-F, then the registration fails": one node missing in HCM-F', async () => {
      const cluster = lab.clusterOf(EXP_MISMATCH);
      await lab.provision({ ...cluster, id: 'exp-m-fewer', nodes: cluster.nodes.slice(0, 1) });
      const before = registrations();
      expect(await failure(registerExpressway('exp-m-fewer'))).toMatchObject({ code: 'CAA1080', details: { clusterPeers: ['127.78.15.1', '127.78.15.2'], notInCluster: [], notProvisioned: ['127.78.15.2'] } });
      expect(registrations()).toBe(before);
    });

    it('a provisioned node that does not answer is asked no further: the next node tells the peers, and the rule fails', async () => {
      const cluster = lab.clusterOf(EXP_MISMATCH);
      const gone = { hostname: 'exp-m-gone', address: '127.78.15.9', port: lab.uc.port, publisher: true };
      // Not a node of the simulator: its connection is reset (its certificate would not name the address either).
      await lab.provision({ ...cluster, id: 'exp-m-gone', nodes: [gone, ...cluster.nodes.map((n) => ({ ...n, publisher: false }))], tls: { insecureSkipVerify: true } });
      expect(await failure(registerExpressway('exp-m-gone'))).toMatchObject({ code: 'CAA1080', details: { notInCluster: ['exp-m-gone'], notProvisioned: [] } });
    });

    it('a clustering configuration the application cannot give is CAA1029 "Error occurred during REST API call to Expressway"', async () => {
      await lab.provision(lab.clusterOf(EXP_MISMATCH));
      lab.uc.faults.add({ route: 'expressway.cluster.peers', target: EXP_MISMATCH.id, kind: 'status', status: 500, body: { Message: 'Internal error' }, times: 3 });
      const before = registrations();
      expect(await failure(registerExpressway(EXP_MISMATCH.id))).toMatchObject({ code: 'CAA1029', details: { httpStatus: 500, upstreamMessage: 'Internal error' } });
      expect(registrations()).toBe(before);
    });

    it('an Expressway without clustering configuration is CAA1080 "No Clustering Configuration Found in Expressway"', async () => {
      await lab.provision(lab.clusterOf(EXP_MISMATCH));
      await simAdmin('PUT', `/__admin/clusters/${EXP_MISMATCH.id}/clustering`, { peers: [] });
      try {
        const before = registrations();
        expect(await failure(registerExpressway(EXP_MISMATCH.id))).toMatchObject({
          code: 'CAA1080',
          message: 'No Clustering Configuration Found in Expressway',
          recommendedAction: 'Configure proper clustering Expressway.',
          details: { clusterPeers: [] },
        });
        expect(registrations()).toBe(before);
      } finally {
        await simAdmin('PUT', `/__admin/clusters/${EXP_MISMATCH.id}/clustering`, { peers: null });
      }
    });

    it('the status still reports every node\'s own state, whatever the clustering configuration ("Partially Registered")', async () => {
      await lab.provision(lab.clusterOf(EXP_MISMATCH));
      await simAdmin('PUT', `/__admin/clusters/${EXP_MISMATCH.id}/clustering`, { peers: [] });
      try {
        await registerNode(EXP_MISMATCH.nodes[1]!.address, TOKENS.vaB);
        const status = await lab.commands.request(CaaCommands.status('expressway'), { clusterId: EXP_MISMATCH.id });
        expect(status).toMatchObject({ registrationStatus: 'partially-registered', virtualAccounts: ['va-b'] });
        expect(status.nodes.map((n) => [n.hostname, n.registrationStatus, n.virtualAccount])).toEqual([
          ['exp-m-pub', 'evaluation', null],
          ['exp-m-sub', 'registered', 'va-b'],
        ]);
        await lab.commands.request(CaaCommands.deregister('expressway'), { clusterId: EXP_MISMATCH.id });
      } finally {
        await simAdmin('PUT', `/__admin/clusters/${EXP_MISMATCH.id}/clustering`, { peers: null });
      }
    });
  });

  describe('bad input and serialisation', () => {
    it('names the missing or malformed field and changes nothing', async () => {
      // Raw requests: the CommandClient would refuse them before sending.
      const raw = async (subject: string, body: unknown) =>
        (await lab.adapter.handles.nc.request(lab.adapter.handles.subjects.qualify(subject), JSON.stringify(body), { timeout: 5000 })).json<{ ok: boolean; error?: SmartlicError }>();
      const before = lab.uc.calls.count('cucm.axl.register', CUCM.id) + lab.uc.calls.count('cuc.transportsettings', CUC.id);
      const missing = await raw(CaaCommands.register('cucm').subject, { clusterId: CUCM.id });
      expect(missing).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringContaining('token') } });
      const noProxy = await raw(CaaCommands.setTransport('cuc').subject, { clusterId: CUC.id, mode: 'Proxy' });
      expect(noProxy).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringContaining('proxy') } });
      const badMode = await raw(CaaCommands.setLicenseMode('cuc').subject, { clusterId: CUC.id, mode: 'Flex' });
      expect(badMode).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringContaining('mode') } });
      expect(lab.uc.calls.count('cucm.axl.register', CUCM.id) + lab.uc.calls.count('cuc.transportsettings', CUC.id)).toBe(before);
    });

    it('runs one operation at a time on a cluster publisher', async () => {
      await lab.commands.request(CaaCommands.register('cer'), { clusterId: CER.id, token: TOKENS.vaA });
      await simAdmin('PUT', '/__admin/limits', { maxConcurrent: 1 });
      try {
        // With one request at a time allowed, any overlap on the publisher would be refused (429, not retried for renewals).
        const results = await Promise.all(Array.from({ length: 6 }, (_, i) => lab.commands.request(i % 2 ? CaaCommands.renewId('cer') : CaaCommands.renewAuth('cer'), { clusterId: CER.id })));
        expect(results).toHaveLength(6);
      } finally {
        await simAdmin('PUT', '/__admin/limits', {});
      }
    });
  });
});
