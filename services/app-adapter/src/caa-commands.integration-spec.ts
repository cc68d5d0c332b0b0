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
    lab = await startCaaLab('caa-cmds', { clusters: Object.values(CLUSTERS) });
    for (const c of Object.values(CLUSTERS)) await lab.provision(lab.clusterOf(c));
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
      expect(status.registrationExpires).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(status.authorizationExpires).toMatch(/^\d{4}-\d\d-\d\dT/);
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
      expect(deregistered.status?.registrationStatus).toBe(type === 'expressway' ? 'evaluation' : 'deregistered');
      const after = await lab.commands.request(CaaCommands.status(type), { clusterId });
      expect(after.registrationStatus).toBe(type === 'expressway' ? 'evaluation' : 'deregistered');
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
      expect(same).toEqual({ clusterId, licenseMode, previousLicenseMode: licenseMode, rebooted: false, rebootMs: null });
      const changed = await lab.commands.request(CaaCommands.setLicenseMode(type), { clusterId, mode: other });
      expect(changed).toMatchObject({ clusterId, licenseMode: other, previousLicenseMode: licenseMode, rebooted: true });
      expect(lab.uc.clusters.get(clusterId)?.licenseMode).toBe(other);
      expect(await lab.commands.request(CaaCommands.getLicenseMode(type), { clusterId })).toEqual({ clusterId, licenseMode: other });
    });
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
