import { randomUUID } from 'node:crypto';
import {
  CaaCommands,
  ProvisioningEvents,
  RegistrationCommands,
  type ClusterProvisioning,
  type ClusterSummary,
  type Job,
  type SmartAccountView,
  type SubscriptionMapperRow,
  type VaLicenseMode,
  type VirtualAccountSummary,
} from '#libs/contracts';
import { eventually, provisioningClusterOf } from '#libs/testing';
import { CLIENT, DOMAIN, startRegistrationLab, ucCluster, type RegistrationLab } from './support/registration-lab.js';

interface Problem {
  status: number;
  code?: string;
  detail?: string;
  recommendedAction?: string;
  errors?: { field: string; message: string }[];
}

interface BatchReply {
  jobs: { clusterId: string; jobId: string; status: string; errorCode: string | null; statusInfo: string | null }[];
}

const FOUNDATION = 'HCS Cisco UCM Foundation License';
const STANDARD = 'HCS Cisco UCM Standard License';

/**
 * The HCM-F behaviours of the guide's "Onboard Customer per Cluster" chapter that need several services at once, through
 * the gateway against the CSSM and UC-application simulators: the ordered and operational VA names checked against
 * CSSM, auto-registration and the operational VA's license mode with Table 6's manual moves, which versions register,
 * a VA removed in CSSM under its clusters, and the Subscription Mapper's consumption. The scenarios share one lab and
 * run in order.
 */
describe('HCM-F behaviours: operational licenses, auto-registration and the VA license mode, versions, VAs removed in CSSM, Subscription Mapper', () => {
  const ORDERED = 'va-hcs-ordered';
  const OPERATIONAL = 'va-hcs-operational';
  const CUSTOMER_VA = 'va-customer-1';
  const DOOMED_VA = 'va-doomed';
  const auto = ucCluster('hb-cucm', 'cucm', 41);
  const autoCuc = ucCluster('hb-cuc', 'cuc', 42);
  const usage = ucCluster('hb-usage', 'cucm', 43, { usage: [{ license: 'Enhanced', count: 7 }] });
  const v120 = ucCluster('hb-cucm-12-0', 'cucm', 44, { version: '12.0.1' });
  const v124 = ucCluster('hb-cuc-12-4', 'cuc', 45, { version: '12.4' });
  const v115 = ucCluster('hb-cer-11-5', 'cer', 46, { version: '11.5.1' });
  const doomedCer = ucCluster('hb-cer-doomed', 'cer', 47);
  const doomedCuc = ucCluster('hb-cuc-doomed', 'cuc', 48);
  let lab: RegistrationLab;
  let smartAccountId: string;
  let operationalVa: string;
  let customerVa: string;
  let doomedVa: string;

  const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
  const cluster = async (id: string) => json<ClusterSummary>(await lab.api(`/clusters/${id}`, { roles: ['viewer'] }));
  const jobsOf = async (clusterId: string): Promise<Job[]> => (await lab.commands.request(RegistrationCommands.listJobs, { entityId: clusterId, limit: 100 })).items;
  const licenseMode = async (va: string) => json<VaLicenseMode>(await lab.api(`/virtual-accounts/${va}/license-mode`, { roles: ['viewer'] }));
  const setMode = (va: string, mode: string) => lab.api(`/virtual-accounts/${va}/license-mode`, { method: 'PUT', json: { mode }, roles: ['admin'] });
  const assign = (va: string, clusterIds: string[]) => lab.api(`/virtual-accounts/${va}/clusters`, { method: 'POST', json: { clusterIds } });
  const unassign = (va: string, clusterIds: string[]) => lab.api(`/virtual-accounts/${va}/clusters/unassign`, { method: 'POST', json: { clusterIds } });
  const smartAccounts = async () => (await json<{ items: SmartAccountView[] }>(await lab.api('/smart-accounts', { roles: ['viewer'] }))).items;
  const smartAccount = async (id: string) => json<SmartAccountView>(await lab.api(`/smart-accounts/${id}`, { roles: ['viewer'] }));
  const agent = (id: string) => lab.snapshot(id).nodes.find((n) => n.smartAgent)!.smartAgent!;
  const statusOf = (id: string, status: ClusterSummary['status'], virtualAccount?: string) =>
    eventually(
      async () => {
        const c = await cluster(id);
        const settled = c.status === status && !['Queued', 'In Progress'].includes(c.job?.status ?? '');
        return settled && (virtualAccount === undefined || c.virtualAccount === virtualAccount) ? c : undefined;
      },
      { what: `${id} ${status}${virtualAccount ? ` on ${virtualAccount}` : ''}`, timeoutMs: 60_000, intervalMs: 100 },
    );
  const settle = () =>
    eventually(
      async () =>
        (await lab.commands.request(RegistrationCommands.listJobs, { status: 'Queued', limit: 1 })).total === 0 &&
        (await lab.commands.request(RegistrationCommands.listJobs, { status: 'In Progress', limit: 1 })).total === 0,
      { what: 'no job running', timeoutMs: 60_000, intervalMs: 100 },
    );
  const syncNow = async (id = smartAccountId) => {
    const before = (await smartAccount(id)).lastSyncAt;
    expect((await lab.api(`/smart-accounts/${id}/sync`, { method: 'POST' })).status).toBe(202);
    return eventually(async () => {
      const sa = await smartAccount(id);
      return sa.lastSyncStatus !== 'In Progress' && (sa.lastSyncAt !== before || sa.lastSyncStatus === 'Failed') ? sa : undefined;
    }, { what: 'the sync', timeoutMs: 30_000 });
  };
  const directAccount = (overrides: Record<string, unknown> = {}) => ({
    domain: DOMAIN,
    clientId: CLIENT.clientId,
    transportMode: 'Direct',
    authenticationGateway: lab.cssm.tokenUrl,
    cssmServer: lab.cssm.apiBaseUrl,
    ...overrides,
  });
  const operationalLicenses = (ordered: string, operational: string, autoRegistration = false) => ({ opted: true, orderedVirtualAccount: ordered, operationalVirtualAccount: operational, autoRegistration });
  const publish = async (subject: string, type: string, data: unknown) => {
    const id = randomUUID();
    const handles = lab.services.registration!.handles;
    await handles.js.publish(handles.subjects.qualify(subject), JSON.stringify({ id, type, schemaVersion: 1, occurredAt: new Date().toISOString(), correlationId: id, data }), { msgID: id });
  };
  const clusterUpdated = (sim: typeof auto, overrides: Partial<ClusterProvisioning>) =>
    publish(ProvisioningEvents.clusterUpdated.subject, ProvisioningEvents.clusterUpdated.type, provisioningClusterOf(sim, lab.uc, overrides));
  /** A smart account of the simulated CSSM besides the lab's, reachable with the lab's API client. */
  const cssmAccount = (domain: string, virtualAccounts: string[]) =>
    lab.cssm.state.addAccount('cloud', { key: domain, name: domain, domain, type: 'CUSTOMER', status: 'ACTIVE' }, virtualAccounts.map((name) => ({ name })), [CLIENT]);
  const removeSmartAccount = async (id: string) => {
    expect((await lab.api(`/smart-accounts/${id}`, { method: 'DELETE', roles: ['admin'] })).status).toBeLessThan(300);
  };

  beforeAll(async () => {
    lab = await startRegistrationLab({
      label: 'hcmfbehaviours',
      clusters: [auto, autoCuc, usage, v120, v124, v115, doomedCer, doomedCuc],
      virtualAccounts: [
        {
          name: ORDERED,
          licenses: [
            { license: FOUNDATION, licenseDetails: [{ licenseType: 'TERM', quantity: 10, subscriptionId: 'Sub-Flex-1', startDate: '2026-01-01', endDate: '2028-12-31' }] },
            { license: STANDARD, licenseDetails: [{ licenseType: 'TERM', quantity: 5, subscriptionId: 'Sub-Flex-2', startDate: '2026-01-01', endDate: '2028-12-31' }] },
          ],
        },
        OPERATIONAL,
        CUSTOMER_VA,
        DOOMED_VA,
      ],
      extraServices: ['reporting'],
      rebootMs: 200,
    });
    await lab.provisionCustomer({ id: 'customer-1', name: 'Customer One' });
    await lab.provisionClusters([auto, autoCuc, usage, v120, v124, v115, doomedCer, doomedCuc]);
    smartAccountId = (await smartAccounts()).find((a) => a.domain === DOMAIN)!.id;
    operationalVa = await lab.virtualAccountId(OPERATIONAL);
    customerVa = await lab.virtualAccountId(CUSTOMER_VA);
    doomedVa = await lab.virtualAccountId(DOOMED_VA);
    for (const va of [customerVa, doomedVa]) expect((await setMode(va, 'HCS')).status).toBe(200);
    // Assigned by hand before auto-registration is enabled: they stay on va-doomed.
    expect((await assign(doomedVa, [doomedCer.id, doomedCuc.id])).status).toBe(202);
    await statusOf(doomedCer.id, 'Manually Registered', DOOMED_VA);
    await statusOf(doomedCuc.id, 'Manually Registered', DOOMED_VA);
  }, 180_000);

  afterAll(async () => {
    await lab?.close();
  });

  describe('Configure Smart Account Access: the ordered and operational VA names are checked against CSSM on the first save', () => {
    it('SLMCT1001 "Virtual Account is not valid": a name the smart account does not have in CSSM is refused, naming the field, and nothing is saved', async () => {
      cssmAccount('second.example.com', ['va-2-ordered', 'va-2-operational']);
      const before = (await smartAccounts()).length;
      const res = await lab.api('/smart-accounts', {
        method: 'POST',
        roles: ['admin'],
        json: directAccount({ domain: 'second.example.com', clientSecret: CLIENT.clientSecret, operationalLicenses: operationalLicenses('va-2-ordered', 'va-2-nope') }),
      });
      expect(res.status).toBe(400);
      expect(await json<Problem>(res)).toMatchObject({
        code: 'SLMCT1001',
        detail: 'Virtual Account is not valid',
        recommendedAction: 'Check if the given Virtual Account is correct',
        errors: [{ field: 'operationalLicenses.operationalVirtualAccount', message: 'virtual account va-2-nope does not exist in smart account second.example.com' }],
      });
      expect((await smartAccounts()).length).toBe(before);
    });

    it('names CSSM lists are accepted on the first save: no alert, before and after the first sync', async () => {
      const res = await lab.api('/smart-accounts', {
        method: 'POST',
        roles: ['admin'],
        json: directAccount({ domain: 'second.example.com', clientSecret: CLIENT.clientSecret, operationalLicenses: operationalLicenses('va-2-ordered', 'va-2-operational') }),
      });
      expect(res.status).toBe(201);
      const { smartAccount: created } = await json<{ smartAccount: SmartAccountView }>(res);
      expect(created.alerts).toEqual([]);
      const synced = await eventually(async () => {
        const sa = await smartAccount(created.id);
        return sa.lastSyncStatus === 'Succeeded' ? sa : undefined;
      }, { what: 'the second account synced' });
      expect(synced.alerts).toEqual([]);
      await removeSmartAccount(created.id);
    });

    it('when CSSM cannot answer yet, the account is saved with a Smart Account alert; once CSSM answers, a wrong name is refused, never ignored', async () => {
      cssmAccount('third.example.com', ['va-3-ordered', 'va-3-operational']);
      const unreachable = { domain: 'third.example.com', clientSecret: CLIENT.clientSecret, cssmServer: 'http://127.0.0.1:9' };
      const res = await lab.api('/smart-accounts', { method: 'POST', roles: ['admin'], json: directAccount({ ...unreachable, operationalLicenses: operationalLicenses('va-3-ordered', 'va-3-nope') }) });
      expect(res.status).toBe(201);
      const { smartAccount: created } = await json<{ smartAccount: SmartAccountView }>(res);
      expect(created.alerts).toEqual([expect.stringMatching(/^Operational licenses: virtual account\(s\) va-3-ordered, va-3-nope not checked against CSSM yet \(CSSM100\d: .+\): they are checked when the smart account syncs$/)]);
      const failed = await eventually(async () => {
        const sa = await smartAccount(created.id);
        return sa.lastSyncStatus === 'Failed' ? sa : undefined;
      }, { what: 'the failed first sync' });
      expect(failed.alerts).toEqual([expect.stringMatching(/^Last sync failed: CSSM100/), expect.stringContaining('va-3-nope not checked against CSSM yet')]);

      // The corrected CSSM server answers: the wrong name is refused now, and nothing changes.
      const corrected = { ...unreachable, cssmServer: lab.cssm.apiBaseUrl };
      const refused = await lab.api(`/smart-accounts/${created.id}`, { method: 'PUT', roles: ['admin'], json: directAccount({ ...corrected, operationalLicenses: operationalLicenses('va-3-ordered', 'va-3-nope') }) });
      expect(refused.status).toBe(400);
      expect(await json<Problem>(refused)).toMatchObject({ code: 'SLMCT1001', errors: [{ field: 'operationalLicenses.operationalVirtualAccount' }] });
      expect((await smartAccount(created.id)).cssmServer).toBe('http://127.0.0.1:9');

      const fixed = await lab.api(`/smart-accounts/${created.id}`, { method: 'PUT', roles: ['admin'], json: directAccount({ ...corrected, operationalLicenses: operationalLicenses('va-3-ordered', 'va-3-operational') }) });
      expect(fixed.status).toBe(200);
      const synced = await eventually(async () => {
        const sa = await smartAccount(created.id);
        return sa.lastSyncStatus === 'Succeeded' ? sa : undefined;
      }, { what: 'the third account synced' });
      expect(synced.alerts).toEqual([]);

      // Removed in CSSM later: the next sync shows it as an alert of the smart account.
      lab.cssm.state.removeVirtualAccount(lab.cssm.state.account('cloud', 'third.example.com')!, 'va-3-operational');
      const resynced = await syncNow(created.id);
      expect(resynced.alerts).toEqual([
        'SLMCT1001: Virtual Account is not valid: Operational virtual account va-3-operational does not exist in smart account third.example.com. Check if the given Virtual Account is correct',
      ]);
      await removeSmartAccount(created.id);
    });
  });

  describe('"If you enable autoregistration, HCM-F changes the license modes of the UC Applications to HCS mode"', () => {
    it('enabling auto-registration to an operational VA without license mode sets it to HCS and registers the 12.5 clusters; 12.0-12.4 and 11.x are left alone', async () => {
      expect(await licenseMode(operationalVa)).toMatchObject({ mode: null, autoRegistration: false });
      const res = await lab.api(`/smart-accounts/${smartAccountId}`, { method: 'PUT', roles: ['admin'], json: directAccount({ operationalLicenses: operationalLicenses(ORDERED, OPERATIONAL, true) }) });
      expect(res.status).toBe(200);
      const mode = await eventually(async () => {
        const m = await licenseMode(operationalVa);
        return m.mode === 'HCS' ? m : undefined;
      }, { what: 'the operational VA in HCS mode' });
      expect(mode).toMatchObject({ autoRegistration: true, editable: false, reason: expect.stringContaining('Auto-registration registers the clusters of this operational virtual account in HCS mode') });
      for (const c of [auto, autoCuc, usage]) {
        expect(await statusOf(c.id, 'Auto Registered', OPERATIONAL)).toMatchObject({ job: expect.objectContaining({ jobType: 'Assign Cluster', status: 'Succeeded' }) });
        expect(agent(c.id)).toMatchObject({ state: 'REGISTERED', registration: expect.objectContaining({ virtualAccount: OPERATIONAL }) });
      }
      await eventually(async () => (await json<VirtualAccountSummary>(await lab.api(`/virtual-accounts/${operationalVa}/assignments`))).licenseMode === 'HCS', { what: 'HCS in the Virtual Account Summary' });
      await settle();
      for (const c of [v120, v124, v115]) {
        expect(await cluster(c.id)).toMatchObject({ eligible: false, status: null });
        expect(await jobsOf(c.id)).toEqual([]);
      }
      // Assigned by hand before: they stay where they are.
      expect(await cluster(doomedCer.id)).toMatchObject({ status: 'Manually Registered', virtualAccount: DOOMED_VA });
    });

    it('the operational VA cannot be set to Enterprise while auto-registration targets it (409, with the reason)', async () => {
      const refused = await setMode(operationalVa, 'Enterprise');
      expect(refused.status).toBe(409);
      expect(await json<Problem>(refused)).toMatchObject({ code: 'VA_LICENSE_MODE_LOCKED', detail: expect.stringContaining('auto-registration'), recommendedAction: expect.stringContaining('Disable auto-registration') });
      expect((await setMode(operationalVa, 'HCS')).status).toBe(200);
      expect((await licenseMode(operationalVa)).mode).toBe('HCS');
    });

    it('Table 6: "unassign the cluster manually from the autoregistered virtual account, and reassign the cluster manually to the specific virtual account": it leaves auto-registration', async () => {
      expect((await unassign(operationalVa, [auto.id])).status).toBe(202);
      await statusOf(auto.id, 'Deregistered');
      expect((await assign(customerVa, [auto.id])).status).toBe(202);
      await statusOf(auto.id, 'Manually Registered', CUSTOMER_VA);
      await syncNow();
      await settle();
      expect(await cluster(auto.id)).toMatchObject({ status: 'Manually Registered', virtualAccount: CUSTOMER_VA });
      expect(agent(auto.id).registration?.virtualAccount).toBe(CUSTOMER_VA);
    });

    it('Table 6: "unassign the cluster manually from the specific virtual account, and reassign the cluster manually to the autoregistered virtual account"', async () => {
      expect((await unassign(customerVa, [auto.id])).status).toBe(202);
      await statusOf(auto.id, 'Deregistered');
      const res = await assign(operationalVa, [auto.id]);
      expect(res.status).toBe(202);
      expect((await json<BatchReply>(res)).jobs[0]).toMatchObject({ status: 'Queued', errorCode: null });
      await statusOf(auto.id, 'Manually Registered', OPERATIONAL);
      expect(agent(auto.id).registration?.virtualAccount).toBe(OPERATIONAL);
      const mode = await eventually(async () => {
        const m = await licenseMode(operationalVa);
        return m.assignedClusters === 3 ? m : undefined;
      }, { what: 'the three clusters counted on the operational VA' });
      expect(mode).toMatchObject({ mode: 'HCS', autoRegisteredClusters: 2, editable: false });
    });
  });

  describe('which versions register to CSSM (README: "Where the guide contradicts itself")', () => {
    it('SLMCT1006 "Cluster is of unsupported Version": 12.0-12.4 are told to upgrade to 12.5(x), 11.x registers through PLM; nothing changes', async () => {
      const res = await assign(customerVa, [v120.id, v124.id, v115.id]);
      expect(res.status).toBe(202);
      const jobs = (await json<BatchReply>(res)).jobs;
      expect(jobs.map((j) => [j.clusterId, j.status, j.errorCode])).toEqual([
        [v120.id, 'Failed', 'SLMCT1006'],
        [v124.id, 'Failed', 'SLMCT1006'],
        [v115.id, 'Failed', 'SLMCT1006'],
      ]);
      expect(jobs[0]!.statusInfo).toBe('SLMCT1006: Cluster is of unsupported Version (version 12.0.1 is below 12.5: upgrade the cluster to 12.5(x) before registering it to CSSM (HCM-F 12.5 Upgrade Guidelines))');
      expect(jobs[1]!.statusInfo).toContain('upgrade the cluster to 12.5(x)');
      expect(jobs[2]!.statusInfo).toContain('version 11.5.1 is 11.x or earlier: such clusters register through PLM, not to CSSM');
      for (const c of [v120, v124, v115]) expect(await cluster(c.id)).toMatchObject({ status: null, virtualAccount: null });
      expect(lab.registerCalls(v120.id) + lab.registerCalls(v124.id) + lab.registerCalls(v115.id)).toBe(0);
    });

    it('"When the clusters are upgraded to 12.5": a 12.0 cluster upgraded to 12.5 joins auto-registration', async () => {
      lab.uc.clusters.get(v120.id)!.version = '12.5.1';
      await clusterUpdated(v120, { version: '12.5.1' });
      expect(await statusOf(v120.id, 'Auto Registered', OPERATIONAL)).toMatchObject({ eligible: true });
    });
  });

  describe('a virtual account removed in CSSM while clusters are assigned to it', () => {
    it('the sync learns it and the Cluster Summary says why its clusters need the operator', async () => {
      lab.cssm.state.removeVirtualAccount(lab.cssm.state.account('cloud', DOMAIN)!, DOOMED_VA);
      await syncNow();
      const attention = `Virtual account ${DOOMED_VA} was removed in CSSM: unassign this cluster, or assign it to another virtual account`;
      for (const c of [doomedCer, doomedCuc]) {
        expect(await eventually(async () => ((await cluster(c.id)).attention === attention ? cluster(c.id) : undefined), { what: `${c.id} needs attention` })).toMatchObject({
          status: 'Manually Registered',
          virtualAccount: DOOMED_VA,
          virtualAccountId: doomedVa,
        });
      }
      expect((await cluster(auto.id)).attention).toBeNull();
      const vas = await json<{ items: { name: string }[] }>(await lab.api('/virtual-accounts?limit=1000', { roles: ['viewer'] }));
      expect(vas.items.map((va) => va.name)).not.toContain(DOOMED_VA);
    });

    it('its clusters can still be unassigned from it: Deregistered, nothing left to attend to', async () => {
      const res = await unassign(doomedVa, [doomedCer.id]);
      expect(res.status).toBe(202);
      const [job] = await lab.finalJobs((await json<BatchReply>(res)).jobs.map((j) => j.jobId));
      expect(job).toMatchObject({ jobType: 'Unassign Cluster', status: 'Succeeded' });
      expect(await cluster(doomedCer.id)).toMatchObject({ status: 'Deregistered', virtualAccount: null, attention: null });
      expect(agent(doomedCer.id).state).toBe('DEREGISTERED');
    });

    it('its clusters can be reassigned straight to another virtual account', async () => {
      const res = await assign(customerVa, [doomedCuc.id]);
      expect(res.status).toBe(202);
      const [job] = await lab.finalJobs((await json<BatchReply>(res)).jobs.map((j) => j.jobId));
      expect(job).toMatchObject({ jobType: 'Assign Cluster', status: 'Succeeded' });
      expect(await cluster(doomedCuc.id)).toMatchObject({ status: 'Manually Registered', virtualAccount: CUSTOMER_VA, attention: null });
      expect(agent(doomedCuc.id)).toMatchObject({ state: 'REGISTERED', registration: expect.objectContaining({ virtualAccount: CUSTOMER_VA }) });
    });
  });

  describe('Subscription Mapper: "License Details: Displays the number of licenses that are consumed by each subscription ID"', () => {
    it('a subscription mapped to a customer shows what its clusters consumed from it; an unmapped one shows none attributed', async () => {
      await lab.commands.request(CaaCommands.licenseUsage('cucm'), { clusterId: usage.id });
      const mapped = await eventually(async () => {
        const res = await lab.api('/subscriptions/Sub-Flex-1/mapping', { method: 'PUT', json: { customerId: 'customer-1', licenseModel: 'Named User' } });
        return res.status === 200 ? json<SubscriptionMapperRow>(res) : undefined;
      }, { what: 'Sub-Flex-1 and customer-1 known to reporting' });
      expect(mapped).toMatchObject({ subscriptionId: 'Sub-Flex-1', customerId: 'customer-1' });
      const rows = await eventually(async () => {
        const page = await json<{ items: SubscriptionMapperRow[] }>(await lab.api('/subscriptions?sort=subscriptionId', { roles: ['viewer'] }));
        return page.items.find((s) => s.subscriptionId === 'Sub-Flex-1')?.licensesConsumed === 7 ? page.items : undefined;
      }, { what: 'the usage of the registered cluster attributed to Sub-Flex-1' });
      expect(rows.find((s) => s.subscriptionId === 'Sub-Flex-1')).toMatchObject({
        licenseCount: 10,
        licensesConsumed: 7,
        licenseDetails: [{ license: FOUNDATION, quantity: 10, virtualAccount: ORDERED, consumed: 7 }],
      });
      expect(rows.find((s) => s.subscriptionId === 'Sub-Flex-2')).toMatchObject({ customerId: null, licensesConsumed: null, licenseDetails: [{ license: STANDARD, quantity: 5, consumed: null }] });
    });
  });
});
