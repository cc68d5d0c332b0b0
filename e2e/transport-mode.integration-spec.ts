import { Server as ProxyServer } from 'proxy-chain';
import type { Job, SmartAccountView, SyncJobView } from '#libs/contracts';
import { eventually } from '#libs/testing';
import { startRegistrationLab, ucCluster, type RegistrationLab } from './support/registration-lab.js';

/**
 * Guide, "Set Transport Mode" (Infrastructure Manager > Smart Licensing > Transport Mode) through the gateway: the smart
 * account configured without a transport of its own follows the global Transport Mode, so changing the global mode
 * changes how smartlic reaches CSSM for it; and "If the cluster is already assigned to a virtual account, and you want
 * to change the transport mode settings, the cluster has to be unassigned from the virtual account, change the
 * transport mode settings, and then reassign the clusters to the virtual account."
 */
describe('the global Transport Mode through the gateway', () => {
  const cucm = ucCluster('cucm-tm', 'cucm', 61);
  let lab: RegistrationLab;
  let proxy: ProxyServer;
  const tunnelled: string[] = [];
  let account: SmartAccountView;
  let va: string;

  const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
  const setGlobal = (body: unknown, roles = ['admin']) => lab.api('/transport-mode', { method: 'PUT', json: body, roles });
  const proxied = () => ({ transportMode: 'Proxy', proxy: { host: '127.0.0.1', port: proxy.port, username: 'proxy-user', password: 'proxy-pass' } });
  const smartAccount = async () => json<SmartAccountView>(await lab.api(`/smart-accounts/${account.id}`, { roles: ['viewer'] }));
  /** An on-demand Smart Account Sync, and the CSSM connections the proxy tunnelled meanwhile. */
  const sync = async (): Promise<{ job: SyncJobView; tunnelled: number }> => {
    const before = tunnelled.length;
    const started = await lab.api(`/smart-accounts/${account.id}/sync`, { method: 'POST' });
    expect(started.status).toBe(202);
    const { jobId } = await json<{ jobId: string }>(started);
    const job = await eventually(async () => {
      const page = await json<{ items: SyncJobView[] }>(await lab.api(`/smart-accounts/${account.id}/sync-jobs`, { roles: ['viewer'] }));
      const found = page.items.find((j) => j.id === jobId);
      return found && (found.status === 'Succeeded' || found.status === 'Failed') ? found : undefined;
    }, { what: 'the sync job' });
    return { job, tunnelled: tunnelled.length - before };
  };
  /** Waits until the Virtual Account Summary (sync's count of registration's assignments) shows the clusters. */
  const assignedClusters = (n: number) =>
    eventually(async () => (await json<{ clusters: number }>(await lab.api(`/virtual-accounts/${va}`, { roles: ['viewer'] }))).clusters === n, { what: `${n} cluster(s) assigned in the Virtual Account Summary` });
  const jobsOf = async (res: Response): Promise<Job[]> => {
    expect(res.status).toBe(202);
    return lab.finalJobs((await json<{ jobs: { jobId: string }[] }>(res)).jobs.map((j) => j.jobId));
  };

  beforeAll(async () => {
    proxy = new ProxyServer({
      port: 0,
      host: '127.0.0.1',
      prepareRequestFunction: ({ username, password, hostname, port }) => {
        tunnelled.push(`${hostname}:${port}`);
        return { requestAuthentication: username !== 'proxy-user' || password !== 'proxy-pass', failMsg: 'Proxy credentials required' };
      },
    });
    await proxy.listen();
    lab = await startRegistrationLab({ label: 'transportmode', clusters: [cucm], inheritTransport: true });
    await lab.provisionCustomer({ id: 'customer-1', name: 'Customer One' });
    await lab.provisionCluster(cucm);
    va = await lab.virtualAccountId('va-customer-1');
    account = (await json<{ items: SmartAccountView[] }>(await lab.api('/smart-accounts', { roles: ['viewer'] }))).items[0]!;
  }, 120_000);

  afterAll(async () => {
    await lab?.close();
    await proxy?.close(true);
  });

  it('a smart account configured without its own transport follows the global Transport Mode', async () => {
    expect(account).toMatchObject({ transportMode: 'Direct', transportInherited: true, authenticationGateway: lab.cssm.tokenUrl, cssmServer: lab.cssm.apiBaseUrl });
    expect(await sync()).toMatchObject({ job: { status: 'Succeeded' }, tunnelled: 0 });
  });

  it('only an admin sets the Transport Mode, and a bad one is refused naming the field', async () => {
    expect((await setGlobal(proxied(), ['operator'])).status).toBe(403);
    const bad = await setGlobal({ transportMode: 'Proxy', proxy: { host: '127.0.0.1', port: 70_000 } });
    expect(bad.status).toBe(400);
    expect(await json<{ errors: { field: string }[] }>(bad)).toMatchObject({ errors: [{ field: 'proxy.port' }] });
  });

  it('changing the global Transport Mode to Proxy changes how smartlic reaches CSSM for the accounts that follow it', async () => {
    const set = await setGlobal(proxied());
    expect(set.status).toBe(200);
    expect(JSON.stringify(await json(set))).not.toContain('proxy-pass');
    expect(await smartAccount()).toMatchObject({ transportMode: 'Proxy', transportInherited: true, proxy: { host: '127.0.0.1', port: proxy.port, username: 'proxy-user', passwordSet: true } });
    const { job, tunnelled: through } = await sync();
    expect(job.status).toBe('Succeeded');
    expect(through).toBeGreaterThan(0);
    expect(new Set(tunnelled)).toEqual(new Set([`127.0.0.1:${new URL(lab.cssm.url).port}`]));
    // The audit log has the change, not its secret.
    const audit: { path: string; status: number; detail: unknown }[] = await lab.services.gateway!.dataSource.query("SELECT path, status, detail FROM audit_log WHERE method = 'PUT' AND path = '/api/v1/transport-mode'");
    expect(audit.map((a) => a.status)).toEqual(expect.arrayContaining([200]));
    expect(JSON.stringify(audit)).not.toContain('proxy-pass');
  });

  it('"If the cluster is already assigned to a virtual account, and you want to change the transport mode settings, the cluster has to be unassigned"', async () => {
    expect((await lab.api(`/virtual-accounts/${va}/license-mode`, { method: 'PUT', json: { mode: 'HCS' }, roles: ['admin'] })).status).toBe(200);
    // Registration gets its token from CSSM through the global proxy.
    expect((await jobsOf(await lab.api(`/virtual-accounts/${va}/clusters`, { method: 'POST', json: { clusterIds: [cucm.id] } }))).map((j) => j.status)).toEqual(['Succeeded']);
    await assignedClusters(1);
    const refused = await setGlobal({ transportMode: 'Direct' });
    expect(refused.status).toBe(409);
    expect(await json(refused)).toMatchObject({
      code: 'SYNC_TRANSPORT_CHANGE_REFUSED',
      detail: expect.stringContaining('va-customer-1 (1)'),
      recommendedAction: 'Unassign the clusters from the virtual account, change the transport mode settings, and then reassign the clusters to the virtual account.',
    });
    // Nothing changed.
    expect(await json(await lab.api('/transport-mode', { roles: ['viewer'] }))).toMatchObject({ transportMode: 'Proxy' });
    expect(await smartAccount()).toMatchObject({ transportMode: 'Proxy' });

    expect((await jobsOf(await lab.api(`/virtual-accounts/${va}/clusters/unassign`, { method: 'POST', json: { clusterIds: [cucm.id] } }))).map((j) => j.status)).toEqual(['Succeeded']);
    await assignedClusters(0);
    const changed = await setGlobal({ transportMode: 'Direct' });
    expect(changed.status).toBe(200);
    expect(await json(changed)).toMatchObject({ transportMode: 'Direct', proxy: null });
    expect(await smartAccount()).toMatchObject({ transportMode: 'Direct', transportInherited: true, proxy: null });
    expect(await sync()).toMatchObject({ job: { status: 'Succeeded' }, tunnelled: 0 });

    // And then reassign the clusters to the virtual account.
    expect((await jobsOf(await lab.api(`/virtual-accounts/${va}/clusters`, { method: 'POST', json: { clusterIds: [cucm.id] } }))).map((j) => j.status)).toEqual(['Succeeded']);
  });
});
