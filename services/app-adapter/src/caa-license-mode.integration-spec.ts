import { CaaCommands, catalogueEntry, type SmartlicError } from '#libs/contracts';
import { CommandFailedError } from '#libs/messaging';
import { PLATFORM, startCaaLab, ucCluster, type CaaLab } from './__tests__/fixtures/caa-lab.fixture.js';

const CUCM = ucCluster('cucm-lm', 'cucm', 21);
const CUC = ucCluster('cuc-lm', 'cuc', 22, { licenseMode: 'Enterprise', usage: [{ license: 'CUC_BasicMessaging', count: 40 }] });
const CER = ucCluster('cer-lm', 'cer', 23);
const EXP = ucCluster('exp-lm', 'expressway-c', 24);
/** One cluster per failure scenario, so a restart left behind by one never disturbs another. */
const spare = (id: string, block: number) => ucCluster(id, 'cucm', block);
const FAULTY = spare('cucm-fault', 25);
const GONE = spare('cucm-gone', 26);
const STUCK = spare('cucm-stuck', 27);
const REVERTS = spare('cucm-reverts', 28);
const NOT_TAKEN = spare('cucm-nottaken', 29);
const RESTART_FAILS = spare('cucm-restartfail', 30);
const OWED = spare('cucm-owed', 31);

const PAWS_RESPONSE = (operation: string, children: string) =>
  `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ns:${operation}Response xmlns:ns="http://services.api.platform.vos.cisco.com">` +
  `<ns:return xmlns:ax1="http://element.services.api.platform.vos.cisco.com/xsd">${children}</ns:return></ns:${operation}Response></soapenv:Body></soapenv:Envelope>`;

const failure = async (p: Promise<unknown>): Promise<SmartlicError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof CommandFailedError) return e.error;
    throw e;
  }
  throw new Error('expected the command to fail');
};

describe('license mode through PAWS (DeploymentModeService, RestartSystemService) against the UC-application simulator', () => {
  let lab: CaaLab;
  const calls = (route: string, clusterId: string) => lab.uc.calls.count(route, clusterId);
  const setMode = (type: 'cucm' | 'cuc' | 'cer' | 'expressway', clusterId: string, mode: 'HCS' | 'Enterprise', rebootDeadlineMs = 20_000) =>
    lab.commands.request(CaaCommands.setLicenseMode(type), { clusterId, mode, rebootDeadlineMs }, { timeoutMs: rebootDeadlineMs + 10_000 });

  beforeAll(async () => {
    lab = await startCaaLab('caa-lm', { clusters: [CUCM, CUC, CER, EXP, FAULTY, GONE, STUCK, REVERTS, NOT_TAKEN, RESTART_FAILS, OWED] }, { rebootMs: 400 });
    for (const c of [CUCM, CUC, CER, EXP, FAULTY, GONE, STUCK, REVERTS, NOT_TAKEN, RESTART_FAILS, OWED]) await lab.provision(lab.clusterOf(c));
  });
  afterEach(() => lab.uc.faults.clear());
  afterAll(async () => {
    await lab?.close();
  });

  it('reads the deployment mode of the publisher with getDeploymentMode', async () => {
    expect(await lab.commands.request(CaaCommands.getLicenseMode('cucm'), { clusterId: CUCM.id })).toEqual({ clusterId: CUCM.id, licenseMode: 'HCS', restartPending: false });
    expect(await lab.commands.request(CaaCommands.getLicenseMode('cuc'), { clusterId: CUC.id })).toEqual({ clusterId: CUC.id, licenseMode: 'Enterprise', restartPending: false });
    expect(calls('paws.deployment-mode.get', CUCM.id)).toBe(1);
  });

  it('a cluster already in the wanted mode is left alone: one getDeploymentMode, no set, no restart', async () => {
    expect(await setMode('cer', CER.id, 'HCS')).toEqual({ clusterId: CER.id, licenseMode: 'HCS', previousLicenseMode: 'HCS', rebooted: false, rebootMs: null, resumed: false });
    expect([calls('paws.deployment-mode.get', CER.id), calls('paws.deployment-mode.set', CER.id), calls('paws.restart', CER.id)]).toEqual([1, 0, 0]);
  });

  it('"the publisher node of the clusters which are in enterprise mode reboots and the license mode is changed to HCS mode": set, verify, restart, poll, verify', async () => {
    const getsBefore = calls('paws.deployment-mode.get', CUC.id);
    const change = await setMode('cuc', CUC.id, 'HCS');
    expect(change).toMatchObject({ clusterId: CUC.id, licenseMode: 'HCS', previousLicenseMode: 'Enterprise', rebooted: true });
    expect(change.rebootMs).toBeGreaterThanOrEqual(400);
    // get (current), set, get (verify), restart, status polls, get (after the restart): TN119377's sequence.
    expect(calls('paws.deployment-mode.get', CUC.id) - getsBefore).toBe(3);
    expect(calls('paws.deployment-mode.set', CUC.id)).toBe(1);
    expect(calls('paws.restart', CUC.id)).toBe(1);
    expect(calls('paws.restart.status', CUC.id)).toBeGreaterThanOrEqual(1);
    // The licensing follows the mode after the restart: the smart agent reports HCS license names.
    expect(lab.uc.clusters.get(CUC.id)!.licenseMode).toBe('HCS');
    const usage = await lab.commands.request(CaaCommands.licenseUsage('cuc'), { clusterId: CUC.id });
    expect(usage).toMatchObject({ licenseMode: 'HCS' });

    // And back to Enterprise ("Reset Cluster License Mode").
    expect(await setMode('cuc', CUC.id, 'Enterprise')).toMatchObject({ licenseMode: 'Enterprise', previousLicenseMode: 'HCS', rebooted: true });
    expect(lab.uc.clusters.get(CUC.id)!.licenseMode).toBe('Enterprise');
  });

  it('the mode read after the restart is the result: a publisher that comes back in the old mode answers it (the caller reports SLMCT1003)', async () => {
    lab.uc.clusters.setConditions(REVERTS.id, { deploymentModeNotApplied: true });
    expect(await setMode('cucm', REVERTS.id, 'Enterprise')).toMatchObject({ licenseMode: 'HCS', previousLicenseMode: 'HCS', rebooted: true });
    expect(calls('paws.restart', REVERTS.id)).toBe(1);
  });

  it('a setDeploymentMode the publisher did not take (read back unchanged) is not followed by a restart', async () => {
    lab.uc.faults.add({ route: 'paws.deployment-mode.set', target: NOT_TAKEN.id, kind: 'status', status: 200, body: PAWS_RESPONSE('setDeploymentMode', '<ax1:result>internal.request.complete</ax1:result>'), times: 1 });
    expect(await setMode('cucm', NOT_TAKEN.id, 'Enterprise')).toEqual({ clusterId: NOT_TAKEN.id, licenseMode: 'HCS', previousLicenseMode: 'HCS', rebooted: false, rebootMs: null, resumed: false });
    expect(calls('paws.restart', NOT_TAKEN.id)).toBe(0);
  });

  it('refused platform credentials are CAA1084, missing ones CAA1008; the password never shows in the error', async () => {
    const wrong = { username: PLATFORM.username, password: 'not-the-platform-password' };
    await lab.provision(lab.clusterOf(CUCM, { id: 'cucm-lm-badpw', credentials: { admin: lab.clusterOf(CUCM).credentials.admin!, platform: wrong } }));
    const refused = await failure(setMode('cucm', 'cucm-lm-badpw', 'Enterprise'));
    expect(refused).toMatchObject({ code: 'CAA1084', recommendedAction: catalogueEntry('CAA1084').recommendedAction, details: { httpStatus: 401, operation: 'getDeploymentMode' } });
    expect(JSON.stringify(refused)).not.toContain(wrong.password);
    expect(await failure(lab.commands.request(CaaCommands.getLicenseMode('cucm'), { clusterId: 'cucm-lm-badpw' }))).toMatchObject({ code: 'CAA1084' });

    await lab.provision(lab.clusterOf(CER, { id: 'cer-lm-noplatform', credentials: { admin: lab.clusterOf(CER).credentials.admin! } }));
    expect(await failure(setMode('cer', 'cer-lm-noplatform', 'Enterprise'))).toMatchObject({ code: 'CAA1008', message: 'No platform credentials configured for the application' });
    expect(lab.uc.calls.count('paws.deployment-mode.get', 'cer-lm-noplatform')).toBe(0);
  });

  it('a subscriber refuses the license-mode operations: CAA1049', async () => {
    // Provisioned with the subscriber's address as the publisher's.
    const [pub, sub] = lab.clusterOf(CUCM).nodes;
    await lab.provision(lab.clusterOf(CUCM, { id: 'cucm-lm-swapped', nodes: [{ ...pub!, address: sub!.address }, { ...sub!, address: pub!.address }] }));
    expect(await failure(setMode('cucm', 'cucm-lm-swapped', 'Enterprise'))).toMatchObject({ code: 'CAA1049', details: { remoteMessages: [{ messageParams: ['cluster.node.type.secondary'] }] } });
    expect(lab.uc.clusters.get(CUCM.id)!.licenseMode).toBe('HCS');
  });

  it('PAWS faults and unexpected answers are CAA1077 "Error occurred during PAWS call"', async () => {
    const fault = '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>Platform service unavailable</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>';
    lab.uc.faults.add({ route: 'paws.deployment-mode.set', target: FAULTY.id, kind: 'status', status: 500, body: fault, times: 1 });
    expect(await failure(setMode('cucm', FAULTY.id, 'Enterprise'))).toMatchObject({
      code: 'CAA1077',
      message: 'Error occurred during PAWS call',
      recommendedAction: 'Check if PAWS service is up.',
      details: { operation: 'setDeploymentMode', httpStatus: 500, faultCode: 'soapenv:Server', upstreamMessage: 'Platform service unavailable' },
    });
    lab.uc.faults.add({ route: 'paws.deployment-mode.get', target: FAULTY.id, kind: 'malformed', times: 3 });
    expect(await failure(lab.commands.request(CaaCommands.getLicenseMode('cucm'), { clusterId: FAULTY.id }))).toMatchObject({ code: 'CAA1077', details: { reason: 'not a PAWS answer' } });
    lab.uc.faults.clear();
    lab.uc.faults.add({ route: 'paws.deployment-mode.get', target: FAULTY.id, kind: 'status', status: 200, body: PAWS_RESPONSE('getDeploymentMode', '<ax1:result>internal.request.complete</ax1:result><ax1:deploymentMode>HCS-LE</ax1:deploymentMode>'), times: 1 });
    expect(await failure(lab.commands.request(CaaCommands.getLicenseMode('cucm'), { clusterId: FAULTY.id }))).toMatchObject({ code: 'CAA1077', details: { deploymentMode: 'HCS-LE' } });
    expect(lab.uc.clusters.get(FAULTY.id)!.licenseMode).toBe('HCS');
  });

  it("a restart PAWS refuses (the reference's internal.request.failed example) is CAA1077 with its remote messages", async () => {
    const failed =
      '<ax1:remoteMessages><ax2:error xmlns:ax2="x">true</ax2:error><ax2:messageKey xmlns:ax2="x">error.file.notdeleted</ax2:messageKey>' +
      '<ax1:messageParams>/var/log/install/gui-restart-result.xml</ax1:messageParams></ax1:remoteMessages><ax1:result>internal.request.failed</ax1:result>';
    lab.uc.faults.add({ route: 'paws.restart', target: RESTART_FAILS.id, kind: 'status', status: 200, body: PAWS_RESPONSE('restartSystem', failed), times: 1 });
    expect(await failure(setMode('cucm', RESTART_FAILS.id, 'Enterprise'))).toMatchObject({
      code: 'CAA1077',
      details: { operation: 'restartSystem', result: 'internal.request.failed', remoteMessages: [{ messageKey: 'error.file.notdeleted', messageParams: ['/var/log/install/gui-restart-result.xml'] }] },
    });
  });

  it('a change whose restart failed stays pending: get says restartPending, the same request again restarts once without setting again (resumed)', async () => {
    lab.uc.faults.add({ route: 'paws.restart', target: OWED.id, kind: 'status', status: 500, body: PAWS_RESPONSE('restartSystem', '<ax1:result>internal.request.failed</ax1:result>'), times: 1 });
    expect(await failure(setMode('cucm', OWED.id, 'Enterprise'))).toMatchObject({ code: 'CAA1077', details: { operation: 'restartSystem' } });
    const rows = async () => lab.adapter.dataSource.query('SELECT step, target_mode, previous_mode, node FROM pending_license_mode_change WHERE cluster_id = $1', [OWED.id]);
    expect(await rows()).toEqual([{ step: 'restarting', target_mode: 'Enterprise', previous_mode: 'HCS', node: 'cucm-owed-pub' }]);
    // The publisher reports the mode set, but the licensing runs the old one until the restart.
    expect(await lab.commands.request(CaaCommands.getLicenseMode('cucm'), { clusterId: OWED.id })).toEqual({ clusterId: OWED.id, licenseMode: 'Enterprise', restartPending: true });
    expect(lab.uc.clusters.get(OWED.id)!.licenseMode).toBe('HCS');

    const resumed = await setMode('cucm', OWED.id, 'Enterprise');
    expect(resumed).toMatchObject({ clusterId: OWED.id, licenseMode: 'Enterprise', previousLicenseMode: 'HCS', rebooted: true, resumed: true });
    expect({ set: calls('paws.deployment-mode.set', OWED.id), restart: calls('paws.restart', OWED.id) }).toEqual({ set: 1, restart: 2 });
    expect(lab.uc.clusters.get(OWED.id)!.licenseMode).toBe('Enterprise');
    expect(await rows()).toEqual([]);
    expect(await lab.commands.request(CaaCommands.getLicenseMode('cucm'), { clusterId: OWED.id })).toEqual({ clusterId: OWED.id, licenseMode: 'Enterprise', restartPending: false });
  });

  it('a publisher that never answers again before the deadline is CAA1046; one whose restart stays processing is CAA1077', async () => {
    lab.uc.faults.add({ route: 'paws.restart.status', target: GONE.id, kind: 'reset' });
    const gone = await failure(setMode('cucm', GONE.id, 'Enterprise', 1_500));
    expect(gone).toMatchObject({ code: 'CAA1046', details: { rebootDeadlineMs: 1_500, reason: expect.stringContaining('did not answer again') } });

    const processing = PAWS_RESPONSE('getRestartSystemStatus', '<ax1:result>internal.request.complete</ax1:result><ax1:restartSystemStatus>internal.request.processing</ax1:restartSystemStatus>');
    lab.uc.faults.add({ route: 'paws.restart.status', target: STUCK.id, kind: 'status', status: 200, body: processing });
    const stuck = await failure(setMode('cucm', STUCK.id, 'Enterprise', 1_500));
    expect(stuck).toMatchObject({ code: 'CAA1077', details: { rebootDeadlineMs: 1_500, reason: expect.stringContaining('processing') } });
  });

  it('Expressway has no license mode: CAA1044, and no PAWS call', async () => {
    expect(await failure(lab.commands.request(CaaCommands.getLicenseMode('expressway'), { clusterId: EXP.id }))).toMatchObject({ code: 'CAA1044' });
    expect(await failure(setMode('expressway', EXP.id, 'HCS'))).toMatchObject({ code: 'CAA1044' });
    expect(calls('paws.deployment-mode.get', EXP.id)).toBe(0);
  });
});
