import { CaaCommands, CaaEvents, type ApplicationType } from '#libs/contracts';
import { CommandFailedError } from '#libs/messaging';
import { eventually } from '#libs/testing';
import { startCaaLab, TOKENS, ucCluster, type CaaLab } from './__tests__/fixtures/caa-lab.fixture.js';

const CLUSTERS = {
  cucm: ucCluster('cucm-1', 'cucm', 1, { usage: [{ license: 'Enhanced', count: 50 }, { license: 'Basic', count: 5 }] }),
  cuc: ucCluster('cuc-1', 'cuc', 2, { licenseMode: 'Enterprise', usage: [{ license: 'CUC_BasicMessaging', count: 40 }] }),
  cer: ucCluster('cer-1', 'cer', 3, { usage: [{ license: 'CER_USER', count: 20 }] }),
  expressway: ucCluster('expc-1', 'expressway-c', 4),
} as const;
/** An Expressway cluster whose registration is cut short between its two nodes, then resumed. */
const RESUMED = ucCluster('expc-2', 'expressway-c', 5);

/** The failure of a command, as the caller sees it. */
const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof CommandFailedError) return e.error;
    throw e;
  }
  throw new Error('expected the command to fail');
};

describe('app-adapter commands against the UC-application simulator', () => {
  let lab: CaaLab;

  beforeAll(async () => {
    lab = await startCaaLab('caa-cmds', { clusters: [...Object.values(CLUSTERS), RESUMED] });
    for (const c of [...Object.values(CLUSTERS), RESUMED]) await lab.provision(lab.clusterOf(c));
  });
  afterAll(() => lab?.close());

  describe.each(Object.keys(CLUSTERS) as ApplicationType[])('%s', (type) => {
    const clusterId = CLUSTERS[type].id;

    it('sets and reads the transport, registers, reads status and usage, renews, refuses a transport edit while registered, deregisters', async () => {
      const proxy = { clusterId, mode: 'Proxy' as const, proxy: { host: 'proxy.example.com', port: 3128 } };
      expect(await lab.commands.request(CaaCommands.setTransport(type), proxy)).toEqual(proxy);
      expect(await lab.commands.request(CaaCommands.getTransport(type), { clusterId })).toEqual(proxy);
      const satellite = { clusterId, mode: 'Satellite' as const, satelliteUrl: 'https://ssm-onprem.example.com/Transportgateway/services/DeviceRequestHandler' };
      expect(await lab.commands.request(CaaCommands.setTransport(type), satellite)).toEqual(satellite);
      expect(await lab.commands.request(CaaCommands.getTransport(type), { clusterId })).toEqual(satellite);
      expect(await lab.commands.request(CaaCommands.setTransport(type), { clusterId, mode: 'Direct' })).toEqual({ clusterId, mode: 'Direct' });

      const before = await lab.commands.request(CaaCommands.status(type), { clusterId });
      expect(before).toMatchObject({ clusterId, applicationType: type, registrationStatus: 'evaluation', virtualAccount: null, known: true });

      const registered = await lab.commands.request(CaaCommands.register(type), { clusterId, token: TOKENS.vaA });
      expect(registered.nodes.map((n) => n.hostname)).toEqual(type === 'expressway' ? ['expc-1-pub', 'expc-1-sub'] : [`${clusterId}-pub`]);
      // The state read right after registering comes with the result (the job verifies it without another command).
      expect(registered.status).toMatchObject({ clusterId, registrationStatus: 'registered', virtualAccount: 'va-a', known: true });

      const status = await lab.commands.request(CaaCommands.status(type), { clusterId });
      expect(status).toMatchObject({ registrationStatus: 'registered', smartAccount: expect.any(String), virtualAccount: 'va-a', virtualAccounts: ['va-a'] });
      if (type === 'cuc') {
        // CUPI's licensedetails reports renewal and communication attempts, not expiry dates.
        expect(status).toMatchObject({ registrationExpires: null, authorizationExpires: null, licenseMode: 'Enterprise' });
      } else {
        expect(status.registrationExpires).toMatch(/^\d{4}-\d\d-\d\dT/);
        expect(status.authorizationExpires).toMatch(/^\d{4}-\d\d-\d\dT/);
      }
      expect(status.nodes).toHaveLength(type === 'expressway' ? 2 : 1);

      const usage = await lab.commands.request(CaaCommands.licenseUsage(type), { clusterId });
      expect(usage).toMatchObject({ clusterId, applicationType: type });
      if (type === 'cucm') expect(usage.usage).toEqual(expect.arrayContaining([expect.objectContaining({ license: 'HCS Cisco UCM Foundation License', count: 55 })]));
      if (type === 'cuc') expect(usage).toMatchObject({ licenseMode: 'Enterprise', usage: [expect.objectContaining({ license: 'CUC_BasicMessaging', count: 40 })] });

      await lab.commands.request(CaaCommands.renewId(type), { clusterId });
      await lab.commands.request(CaaCommands.renewAuth(type), { clusterId });

      const refused = await failure(lab.commands.request(CaaCommands.setTransport(type), { clusterId, mode: 'Direct' }));
      expect(refused).toMatchObject({ code: 'CAA1041', message: expect.stringMatching(/^Edit Transport Settings operation is not allowed/) });

      const deregistered = await lab.commands.request(CaaCommands.deregister(type), { clusterId });
      expect(deregistered.operation).toBe('deregister');
      // No application's interface tells a deregistered product from a never-registered one (Unified CM's AXL, Unity
      // Connection's CUPI, Emergency Responder's CLI, Expressway's status): the agent reads as unregistered again.
      const afterDeregistration = 'evaluation';
      expect(deregistered.status?.registrationStatus).toBe(afterDeregistration);
      const after = await lab.commands.request(CaaCommands.status(type), { clusterId });
      expect(after.registrationStatus).toBe(afterDeregistration);
      expect(await failure(lab.commands.request(CaaCommands.deregister(type), { clusterId }))).toMatchObject({ code: 'CAA1042' });

      const events: { subject: string; payload: { data: { clusterId: string } } }[] = await lab.adapter.dataSource.query('SELECT subject, payload FROM outbox ORDER BY created_at');
      const mine = events.filter((e) => e.payload.data.clusterId === clusterId).map((e) => e.subject);
      expect(mine).toEqual(expect.arrayContaining([CaaEvents.licenseUsageReported.subject, CaaEvents.smartAgentStatusChanged.subject]));
    });

    it('reads the license mode and changes it with the publisher reboot', async () => {
      if (type === 'expressway') {
        expect(await failure(lab.commands.request(CaaCommands.getLicenseMode(type), { clusterId }))).toMatchObject({ code: 'CAA1044' });
        expect(await failure(lab.commands.request(CaaCommands.setLicenseMode(type), { clusterId, mode: 'HCS' }))).toMatchObject({ code: 'CAA1044' });
        return;
      }
      const { licenseMode } = await lab.commands.request(CaaCommands.getLicenseMode(type), { clusterId });
      const other = licenseMode === 'HCS' ? 'Enterprise' : 'HCS';
      const same = await lab.commands.request(CaaCommands.setLicenseMode(type), { clusterId, mode: licenseMode });
      expect(same).toEqual({ clusterId, licenseMode, previousLicenseMode: licenseMode, rebooted: false, rebootMs: null, resumed: false });
      const changed = await lab.commands.request(CaaCommands.setLicenseMode(type), { clusterId, mode: other });
      expect(changed).toMatchObject({ clusterId, licenseMode: other, previousLicenseMode: licenseMode, rebooted: true });
      expect(lab.uc.clusters.get(clusterId)?.licenseMode).toBe(other);
      expect(await lab.commands.request(CaaCommands.getLicenseMode(type), { clusterId })).toEqual({ clusterId, licenseMode: other, restartPending: false });
    });
  });

  it('Expressway: a register naming nodes registers only those agents (a registration cut short, resumed), one call per agent', async () => {
    const clusterId = RESUMED.id;
    const first = await lab.commands.request(CaaCommands.register('expressway'), { clusterId, token: TOKENS.vaA, nodes: ['expc-2-pub'] });
    expect(first.nodes.map((n) => n.hostname)).toEqual(['expc-2-pub']);
    expect(first.status).toMatchObject({ registrationStatus: 'partially-registered' });
    const rest = await lab.commands.request(CaaCommands.register('expressway'), { clusterId, token: TOKENS.vaA, nodes: ['expc-2-sub'] });
    expect(rest.nodes.map((n) => n.hostname)).toEqual(['expc-2-sub']);
    expect(rest.status).toMatchObject({ registrationStatus: 'registered', virtualAccount: 'va-a' });
    expect(lab.uc.calls.count('expressway.register', clusterId)).toBe(2);
    expect(await failure(lab.commands.request(CaaCommands.register('expressway'), { clusterId, token: TOKENS.vaA, nodes: ['not-a-node'] }))).toMatchObject({ code: 'CAA1003' });
  });

  it("reads a Unity Connection licensedetails answer shaped exactly as CUPI documents it (Cisco's example)", async () => {
    // CUPI System Settings, "Listing Licensing Details": the XML example's values in CUPI's JSON form.
    const example = {
      SmartLicensing: 'Enabled',
      Register: {
        Status: 'Registered',
        SmartAccount: 'BU Production Test',
        VirtualAccount: 'Cisco_VA',
        LastRenewalAttempt: 'SUCCEEDED 2017-11-22 13:17:19.0',
        NextRenewalAttempt: '2018-05-23 13:17:19.0',
        LastRegistrationSuccessTime: '2017-11-24 13:17:19.0',
        ProductUDI: 'pid=Cisco Unity Connection sn=cbd7561030494c60af97aabbcba',
        ExportControlFunctionality: 'Allowed',
      },
      Authorization: { Status: 'Authorized', LastCommunicationAttempt: 'SUCCEEDED 2017-11-27 13:17:19.0', NextCommunicationAttempt: '2017-12-27 13:17:19.0', EvaluationPeriodRemaining: '87:0:36' },
      LicenseUsage: {
        EntitlementTag: [
          { Id: 'regid.2020-06.com.cisco.CUC_BasicMessaging,14_74b6bdc1-b3e1-45dc-9468-6412b12fdef2', Count: '1', Status: 'Evals' },
          { Id: 'regid.2020-06.com.cisco.CUC_EnhancedMessaging,14_5e05b515-5be5-429e-b301-5de5de8d2c09', Count: '0', Status: 'Init' },
          { Id: 'regid.2020-11.com.cisco.CUC_SpeechViewPro,14_9de30ccc-1671-4c32-9f57-f63c3f66af84', Count: '0', Status: 'Init' },
          { Id: 'regid.2020-11.com.cisco.CUC_SpeechView,14_5a0e3202-2743-4401-a117-1e9c239acbbf', Count: '10', Status: 'InCompliance' },
          { Id: 'regid.2020-06.com.cisco.CUC_SpeechConnectPort,14_d0201ba3-0b71-403d-9b74-5cd643dd662b', Count: '0', Status: 'Init' },
          { Id: 'regid.2020-06.com.cisco.CUC_SpeechConnectGuestUser,14_d49c924c-e587-4a02-8376-7c48bc7ac3ba', Count: '0', Status: 'Init' },
        ],
      },
    };
    const clusterId = CLUSTERS.cuc.id;
    lab.uc.faults.add({ route: 'cuc.licensedetails', target: clusterId, kind: 'status', status: 200, body: example, times: 2 });
    const status = await lab.commands.request(CaaCommands.status('cuc'), { clusterId });
    expect(status).toMatchObject({ registrationStatus: 'registered', smartAccount: 'BU Production Test', virtualAccount: 'Cisco_VA', authorizationStatus: 'Authorized', licenseMode: 'Enterprise' });
    const usage = await lab.commands.request(CaaCommands.licenseUsage('cuc'), { clusterId });
    expect(usage).toMatchObject({
      licenseMode: 'Enterprise',
      usage: [
        { license: 'CUC_BasicMessaging', count: 1, status: 'Evals' },
        { license: 'CUC_SpeechView', count: 10, status: 'InCompliance' },
      ],
    });
    // The real simulated cluster again.
    expect(await lab.commands.request(CaaCommands.status('cuc'), { clusterId })).toMatchObject({ registrationStatus: 'evaluation' });
  });

  it('collects the usage of every registered cluster on demand and emits license-usage.reported', async () => {
    await lab.commands.request(CaaCommands.register('cer'), { clusterId: 'cer-1', token: TOKENS.vaB });
    await lab.adapter.dataSource.query('DELETE FROM outbox WHERE subject = $1', [CaaEvents.licenseUsageReported.subject]);
    expect(await lab.commands.request(CaaCommands.collectUsage('cer'), {})).toEqual({ applicationType: 'cer', clusters: 1, reported: 1, failed: 0, failures: [] });
    const rows = await eventually(async () => {
      const r: { payload: { data: unknown } }[] = await lab.adapter.dataSource.query('SELECT payload FROM outbox WHERE subject = $1', [CaaEvents.licenseUsageReported.subject]);
      return r.length === 1 ? r : undefined;
    });
    expect(rows[0]!.payload.data).toMatchObject({ clusterId: 'cer-1', applicationType: 'cer', usage: [{ license: 'CER_USER', count: 20 }] });
  });
});
