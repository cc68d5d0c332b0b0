import { Server as ProxyServer } from 'proxy-chain';
import { CommandFailedError } from '#libs/messaging';
import { SyncCommands } from '#libs/contracts';
import { DOMAIN, startSyncLab, type SyncLab } from './__tests__/fixtures/sync-lab.fixture.js';

describe('transport modes (Proxy through a real forward proxy, Satellite) and registration tokens', () => {
  let lab: SyncLab;
  let proxy: ProxyServer;
  const proxied: string[] = [];

  beforeAll(async () => {
    lab = await startSyncLab('transport');
    proxy = new ProxyServer({
      port: 0,
      host: '127.0.0.1',
      prepareRequestFunction: ({ username, password, hostname, port }) => {
        proxied.push(`${hostname}:${port}`);
        return { requestAuthentication: username !== 'proxy-user' || password !== 'proxy-pass', failMsg: 'Proxy credentials required' };
      },
    });
    await proxy.listen();
  });

  afterAll(async () => {
    await proxy?.close(true);
    await lab?.close();
  });

  const proxyConfig = (password: string) =>
    lab.directConfig({ transportMode: 'Proxy', proxy: { host: '127.0.0.1', port: proxy.port, username: 'proxy-user', password } });

  it('Proxy mode: the token and every CSSM call go through the proxy with its credentials; the password is never returned', async () => {
    const created = await lab.commands.request(SyncCommands.createSmartAccount, proxyConfig('proxy-pass'));
    expect(created.smartAccount.proxy).toEqual({ host: '127.0.0.1', port: proxy.port, username: 'proxy-user', passwordSet: true });
    expect(JSON.stringify(created)).not.toContain('proxy-pass');
    const job = await lab.job(created.jobId);
    expect(job.status).toBe('Succeeded');
    const simPort = new URL(lab.cssm.url).port;
    expect(proxied.length).toBeGreaterThan(0);
    expect(proxied.every((p) => p === `127.0.0.1:${simPort}`)).toBe(true);
    const stored: { proxy_password: string }[] = await lab.sync.dataSource.query('SELECT proxy_password FROM smart_account WHERE id = $1', [created.smartAccount.id]);
    expect(stored[0]!.proxy_password).toMatch(/^v1\./);

    // Wrong proxy password: the proxy refuses the tunnel (407) and the sync fails, the copy stays.
    const bad = await lab.commands.request(SyncCommands.updateSmartAccount, { id: created.smartAccount.id, config: proxyConfig('wrong') });
    expect(await lab.job(bad.jobId)).toMatchObject({ status: 'Failed', errorCode: 'CSSM1005', errorDetails: expect.objectContaining({ proxyStatus: 407 }) });
    expect((await lab.commands.request(SyncCommands.listVirtualAccounts, { smartAccountId: created.smartAccount.id })).total).toBe(2);
    await lab.commands.request(SyncCommands.deleteSmartAccount, { id: created.smartAccount.id });
  });

  it('Satellite mode: the local account is synced from SSM On-Prem with a JSON token request', async () => {
    const created = await lab.commands.request(SyncCommands.createSmartAccount, {
      clientId: 'sat-client',
      clientSecret: 'sat-secret',
      transportMode: 'Satellite',
      satellite: { host: 'satellite.example.com', port: 8443, registrationUrl: 'https://satellite.example.com/SmartTransport', tokenUrl: lab.cssm.onPremTokenUrl, localAccount: 'Local Account' },
    });
    expect(created.smartAccount).toMatchObject({ type: 'Satellite', domain: 'Local Account', authenticationGateway: null });
    expect(await lab.job(created.jobId)).toMatchObject({ status: 'Succeeded', counts: expect.objectContaining({ virtualAccounts: 1 }) });
    expect(lab.cssm.calls.count('onprem.token')).toBe(1);
    const vas = await lab.commands.request(SyncCommands.listVirtualAccounts, { smartAccountId: created.smartAccount.id });
    expect(vas.items.map((v) => [v.name, v.smartAccountType])).toEqual([['va-satellite', 'Satellite']]);
  });

  describe('token.get', () => {
    let smartAccountId: string;
    const va = () => lab.cssm.state.account('cloud', DOMAIN)!.virtualAccounts.get('va-hcs-operational')!;

    beforeAll(async () => {
      const created = await lab.commands.request(SyncCommands.createSmartAccount, lab.directConfig());
      smartAccountId = created.smartAccount.id;
      await lab.job(created.jobId);
    });

    it('creates a token (not export-controlled) when the VA has none, then reuses it', async () => {
      const first = await lab.commands.request(SyncCommands.getToken, { smartAccountId, virtualAccount: 'va-hcs-operational' });
      expect(first).toMatchObject({ reused: false, exportControlled: false });
      expect(va().tokens.get(first.token)).toMatchObject({ exportControlled: 'Not Allowed' });
      const second = await lab.commands.request(SyncCommands.getToken, { smartAccountId, virtualAccount: 'va-hcs-operational' });
      expect(second).toEqual({ ...first, reused: true });
      const stored: { token: string }[] = await lab.sync.dataSource.query('SELECT token FROM registration_token WHERE virtual_account = $1', ['va-hcs-operational']);
      expect(stored.every((r) => r.token.startsWith('v1.'))).toBe(true);
    });

    it('creates a new token when the valid one expires soon', async () => {
      const before = await lab.commands.request(SyncCommands.getToken, { smartAccountId, virtualAccount: 'va-hcs-operational' });
      va().tokens.get(before.token)!.expiresAt = Date.now() + 86_400_000;
      const after = await lab.commands.request(SyncCommands.getToken, { smartAccountId, virtualAccount: 'va-hcs-operational' });
      expect(after.reused).toBe(false);
      expect(after.token).not.toBe(before.token);
    });

    it('mixed mode: the export-controlled token an operator created by hand, alone in the VA, is used', async () => {
      for (const t of va().tokens.values()) t.revoked = true;
      lab.cssm.state.createRegistrationToken(va(), { description: 'mixed mode cluster', expiresAfterDays: 30, exportControlled: 'Allowed', createdBy: 'operator@example.com' });
      const token = await lab.commands.request(SyncCommands.getToken, { smartAccountId, virtualAccount: 'va-hcs-operational' });
      expect(token).toMatchObject({ exportControlled: true, reused: true });
      expect(va().tokens.get(token.token)!.createdBy).toBe('operator@example.com');

      // With another valid token beside it the rule does not apply: a non-export-controlled token is used.
      lab.cssm.state.createRegistrationToken(va(), { description: 'another', expiresAfterDays: 30, exportControlled: 'Allowed', createdBy: 'operator@example.com' });
      expect(await lab.commands.request(SyncCommands.getToken, { smartAccountId, virtualAccount: 'va-hcs-operational' })).toMatchObject({ exportControlled: false, reused: false });
    });

    it('SLM1010 for a virtual account that does not exist, with the reason', async () => {
      const error = await lab.commands.request(SyncCommands.getToken, { smartAccountId, virtualAccount: 'va-nope' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CommandFailedError);
      expect((error as CommandFailedError).error).toMatchObject({ code: 'SLM1010', details: { reason: expect.stringContaining('unknown') } });
    });

    it('the CSSM code when CSSM fails', async () => {
      lab.cssm.faults.add({ route: 'cssm.tokens.list', kind: 'status', status: 403, times: 1 });
      const error = await lab.commands.request(SyncCommands.getToken, { smartAccountId, virtualAccount: 'va-hcs-operational' }).catch((e: unknown) => e);
      expect((error as CommandFailedError).error.code).toBe('CSSM1015');
    });
  });
});
