import { Server as ProxyServer } from 'proxy-chain';
import { createEnvelope, RegistrationEvents, SyncCommands, SyncEvents, type SmartAccountView } from '#libs/contracts';
import { CommandFailedError } from '#libs/messaging';
import { eventually } from '#libs/testing';
import { CLIENT, DOMAIN, startSyncLab, type SyncLab } from './__tests__/fixtures/sync-lab.fixture.js';

/**
 * Guide, "Set Transport Mode": "Setting up the transport mode in HCM-F is required for connecting HCM-F and UC
 * applications to CSSM". A smart account configured without a transport of its own follows the global Transport Mode:
 * changing it changes how sync reaches CSSM for that account, and not for an account with its own transport.
 */
describe('the global Transport Mode and the smart accounts that follow it', () => {
  let lab: SyncLab;
  let proxy: ProxyServer;
  const proxied: string[] = [];
  let follower: SmartAccountView;
  let own: SmartAccountView;

  const global = (transportMode: 'Direct' | 'Proxy', password = 'proxy-pass') =>
    lab.commands.request(SyncCommands.setTransportMode, {
      transportMode,
      authenticationGateway: lab.cssm.tokenUrl,
      cssmServer: lab.cssm.apiBaseUrl,
      ...(transportMode === 'Proxy' ? { proxy: { host: '127.0.0.1', port: proxy.port, username: 'proxy-user', password } } : {}),
    });
  const view = (id: string) => lab.commands.request(SyncCommands.getSmartAccount, { id });
  /** An on-demand sync, and how many CSSM connections the proxy tunnelled meanwhile. */
  const syncThroughProxy = async (id: string) => {
    const before = proxied.length;
    const { jobId } = await lab.commands.request(SyncCommands.syncSmartAccount, { smartAccountId: id });
    const job = await lab.job(jobId);
    return { job, tunnelled: proxied.length - before };
  };
  const assignClusters = async (virtualAccount: string, clusters: number) => {
    const envelope = createEnvelope(RegistrationEvents.vaAssignmentsChanged.type, 1, { smartAccountId: follower.id, virtualAccount, clusters, customers: clusters ? 1 : 0 });
    await lab.sync.handles.js.publish(lab.sync.handles.subjects.qualify(RegistrationEvents.vaAssignmentsChanged.subject), JSON.stringify(envelope), { msgID: envelope.id });
    await eventually(async () => {
      const rows: { clusters: number }[] = await lab.sync.dataSource.query('SELECT clusters FROM va_assignment WHERE smart_account_id = $1 AND virtual_account = $2', [follower.id, virtualAccount]);
      return rows[0]?.clusters === clusters;
    }, { what: 'the assignment counts in sync' });
  };

  beforeAll(async () => {
    lab = await startSyncLab('globaltransport');
    proxy = new ProxyServer({
      port: 0,
      host: '127.0.0.1',
      prepareRequestFunction: ({ username, password, hostname, port }) => {
        proxied.push(`${hostname}:${port}`);
        return { requestAuthentication: username !== 'proxy-user' || password !== 'proxy-pass', failMsg: 'Proxy credentials required' };
      },
    });
    await proxy.listen();
    await global('Direct');
    const created = await lab.commands.request(SyncCommands.createSmartAccount, { domain: DOMAIN, ...CLIENT });
    expect((await lab.job(created.jobId)).status).toBe('Succeeded');
    follower = created.smartAccount;
    const other = await lab.commands.request(SyncCommands.createSmartAccount, lab.directConfig({ domain: 'other-sp.example.com', clientId: 'other', clientSecret: 'other-secret' }));
    expect((await lab.job(other.jobId)).status).toBe('Succeeded');
    own = other.smartAccount;
  });

  afterAll(async () => {
    await proxy?.close(true);
    await lab?.close();
  });

  it('a smart account configured without a transport follows the global one; one with its own keeps it', () => {
    expect(follower).toMatchObject({ type: 'CSSM', transportMode: 'Direct', transportInherited: true, authenticationGateway: lab.cssm.tokenUrl, cssmServer: lab.cssm.apiBaseUrl, proxy: null });
    expect(own).toMatchObject({ transportMode: 'Direct', transportInherited: false });
    expect(proxied).toEqual([]);
  });

  it('changing the global Transport Mode to Proxy takes the followers to CSSM through the proxy (with its credentials), announced without secrets', async () => {
    const set = await global('Proxy');
    expect(set).toMatchObject({ transportMode: 'Proxy', proxy: { host: '127.0.0.1', port: proxy.port, username: 'proxy-user', passwordSet: true } });
    expect(await view(follower.id)).toMatchObject({ transportMode: 'Proxy', transportInherited: true, proxy: { host: '127.0.0.1', port: proxy.port, username: 'proxy-user', passwordSet: true } });
    expect(await view(own.id)).toMatchObject({ transportMode: 'Direct', proxy: null });

    // The change starts a sync of the follower through the new transport.
    await eventually(async () => ((await view(follower.id)).lastSyncStatus === 'Succeeded' && proxied.length > 0 ? true : undefined), { what: 'the follower synced through the proxy' });
    const simPort = new URL(lab.cssm.url).port;
    expect(proxied.every((p) => p === `127.0.0.1:${simPort}`)).toBe(true);
    const followerSync = await syncThroughProxy(follower.id);
    expect(followerSync).toMatchObject({ job: { status: 'Succeeded' } });
    expect(followerSync.tunnelled).toBeGreaterThan(0);
    const ownSync = await syncThroughProxy(own.id);
    expect(ownSync).toMatchObject({ job: { status: 'Succeeded' }, tunnelled: 0 });

    const events: { payload: { data: { id: string; transportMode: string; proxy: unknown } } }[] = await lab.sync.dataSource.query('SELECT payload FROM outbox WHERE subject = $1 ORDER BY created_at', [
      SyncEvents.smartAccountUpserted.subject,
    ]);
    expect(events.at(-1)!.payload.data).toMatchObject({ id: follower.id, transportMode: 'Proxy', proxy: { host: '127.0.0.1', port: proxy.port } });
    expect(JSON.stringify(events)).not.toContain('proxy-pass');
  });

  it("the global proxy password is the followers' password: a wrong one fails their sync (407), the right one restores it", async () => {
    await global('Proxy', 'wrong-pass');
    expect(await syncThroughProxy(follower.id)).toMatchObject({ job: { status: 'Failed', errorCode: 'CSSM1005', errorDetails: expect.objectContaining({ proxyStatus: 407 }) } });
    await global('Proxy', 'proxy-pass');
    expect((await syncThroughProxy(follower.id)).job.status).toBe('Succeeded');
  });

  it('"If the cluster is already assigned to a virtual account, and you want to change the transport mode settings, the cluster has to be unassigned"', async () => {
    await assignClusters('va-hcs-operational', 2);
    const refused = await global('Direct').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CommandFailedError);
    expect((refused as CommandFailedError).error).toMatchObject({
      code: 'SYNC_TRANSPORT_CHANGE_REFUSED',
      message: expect.stringContaining('va-hcs-operational (2)'),
      recommendedAction: 'Unassign the clusters from the virtual account, change the transport mode settings, and then reassign the clusters to the virtual account.',
    });
    // Nothing changed: the global mode and the follower's copy are still Proxy.
    expect(await lab.commands.request(SyncCommands.getTransportMode, {})).toMatchObject({ transportMode: 'Proxy' });
    expect(await view(follower.id)).toMatchObject({ transportMode: 'Proxy' });
    // Saving the same settings again changes no transport: allowed.
    await global('Proxy');

    await assignClusters('va-hcs-operational', 0);
    expect(await global('Direct')).toMatchObject({ transportMode: 'Direct', proxy: null });
    expect(await view(follower.id)).toMatchObject({ transportMode: 'Direct', transportInherited: true, proxy: null });
    expect(await syncThroughProxy(follower.id)).toMatchObject({ job: { status: 'Succeeded' }, tunnelled: 0 });
  });

  it('an account that follows the global transport can take its own, and back', async () => {
    const edited = await lab.commands.request(SyncCommands.updateSmartAccount, { id: follower.id, config: lab.directConfig({ transportMode: 'Proxy', proxy: { host: '127.0.0.1', port: proxy.port, username: 'proxy-user', password: 'proxy-pass' } }) });
    expect(edited.smartAccount).toMatchObject({ transportMode: 'Proxy', transportInherited: false });
    expect((await lab.job(edited.jobId)).status).toBe('Succeeded');
    // The global mode is Direct: the account with its own Proxy keeps it.
    expect(await view(follower.id)).toMatchObject({ transportMode: 'Proxy', transportInherited: false });
    const back = await lab.commands.request(SyncCommands.updateSmartAccount, { id: follower.id, config: { domain: DOMAIN, clientId: CLIENT.clientId } });
    expect(back.smartAccount).toMatchObject({ transportMode: 'Direct', transportInherited: true, proxy: null });
  });
});
