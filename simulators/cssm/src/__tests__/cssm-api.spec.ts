import { startCssmSimulator, type CssmScenario, type CssmSimulator } from '../index.js';
import { http } from './cssm-test-client.js';

const FOUNDATION = 'HCS Cisco UCM Foundation License';
const STANDARD = 'HCS Cisco UCM Standard License';
const DOMAIN = 'hcs-sp.example.com';

const scenario: CssmScenario = {
  smartAccounts: [
    {
      domain: DOMAIN,
      name: 'HCS SP',
      apiClients: [{ clientId: 'hcmf', clientSecret: 's3cret' }],
      virtualAccounts: [
        {
          name: 'va-hcs-operational',
          isDefault: true,
          licenses: [
            { license: 'Enhanced', licenseDetails: [{ licenseType: 'TERM', quantity: 10, subscriptionId: 'Sub1', startDate: '2026-01-01', endDate: '2027-01-01' }] },
            { license: FOUNDATION, licenseDetails: [{ licenseType: 'TERM', quantity: 5, subscriptionId: 'Sub1', startDate: '2026-01-01', endDate: '2027-01-01' }] },
            { license: STANDARD, licenseDetails: [{ licenseType: 'PERPETUAL', quantity: 100 }] },
          ],
          tokens: [
            { token: 'tok-valid', exportControlled: 'Not Allowed' },
            { token: 'tok-expired', expirationDate: '2020-01-01T00:00:00Z' },
            { token: 'tok-revoked', revoked: true },
          ],
        },
        ...Array.from({ length: 3 }, (_, i) => ({
          name: `va-customer-${i + 1}`,
          licenses: Array.from({ length: 40 }, (_, l) => ({ license: `L${l}`, licenseDetails: [{ quantity: 1, subscriptionId: `S${i}-${l}` }] })),
        })),
      ],
    },
    { domain: 'other.example.com', name: 'Other', apiClients: [{ clientId: 'other', clientSecret: 'x' }] },
  ],
  onPremAccounts: [
    {
      name: 'Local Account 1',
      apiClients: [{ clientId: 'onprem', clientSecret: 'op' }],
      virtualAccounts: [{ name: 'op-va-1', licenses: [{ license: FOUNDATION, licenseDetails: [{ quantity: 7 }] }] }, { name: 'op-va-2' }],
    },
  ],
};

describe('CSSM simulator contract', () => {
  let sim: CssmSimulator;
  let bearer: string;
  const api = (path: string) => `${sim.apiBaseUrl}${path}`;
  const acct = (path = '') => api(`/v1/accounts/${DOMAIN}${path}`);

  beforeAll(async () => {
    sim = await startCssmSimulator({ scenario });
    bearer = (await http('POST', sim.tokenUrl, { form: { grant_type: 'client_credentials', client_id: 'hcmf', client_secret: 's3cret' } })).json.access_token;
  });
  afterAll(() => sim.close());
  afterEach(() => {
    sim.faults.clear();
    sim.limiter.configure({});
  });

  describe('OAuth2', () => {
    it('issues a bearer token on the current and the legacy path, from a form or the query string', async () => {
      const current = await http('POST', sim.tokenUrl, { form: { grant_type: 'client_credentials', client_id: 'hcmf', client_secret: 's3cret' } });
      expect(current.status).toBe(200);
      expect(current.json).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3599 });
      const legacy = await http('POST', `${sim.legacyTokenUrl}?grant_type=client_credentials&client_id=hcmf&client_secret=s3cret`);
      expect(legacy.status).toBe(200);
      expect(sim.calls.count('cssm.token')).toBeGreaterThanOrEqual(2);
    });

    it('refuses bad credentials with 401 invalid_client and other grants with 400 unsupported_grant_type', async () => {
      const bad = await http('POST', sim.tokenUrl, { form: { grant_type: 'client_credentials', client_id: 'hcmf', client_secret: 'nope' } });
      expect([bad.status, bad.json.error]).toEqual([401, 'invalid_client']);
      const grant = await http('POST', sim.tokenUrl, { form: { grant_type: 'password', username: 'u', password: 'p' } });
      expect([grant.status, grant.json.error]).toEqual([400, 'unsupported_grant_type']);
    });

    it('answers 401 with the envelope for a missing, invalid or expired access token', async () => {
      for (const token of [undefined, 'garbage']) {
        const res = await http('GET', api('/v2/accounts'), { bearer: token });
        expect(res.status).toBe(401);
        expect(res.json.status).toBe('ERROR');
      }
      const short = await startCssmSimulator({ scenario: { ...scenario, tokenExpiresIn: 60 } });
      try {
        const t = (await http('POST', short.tokenUrl, { form: { grant_type: 'client_credentials', client_id: 'hcmf', client_secret: 's3cret' } })).json;
        expect(t.expires_in).toBe(60);
        expect((await http('GET', `${short.apiBaseUrl}/v2/accounts`, { bearer: t.access_token })).status).toBe(200);
        short.state.advanceClock(61_000);
        const expired = await http('GET', `${short.apiBaseUrl}/v2/accounts`, { bearer: t.access_token });
        expect([expired.status, expired.json]).toEqual([401, { status: 'ERROR', statusMessage: 'Access token expired' }]);
      } finally {
        await short.close();
      }
    });
  });

  describe('accounts and virtual accounts', () => {
    it('lists the smart accounts of the caller only', async () => {
      const res = await http('GET', api('/v2/accounts'), { bearer });
      expect(res.json).toEqual({
        status: 'OK',
        statusMessage: expect.any(String),
        accounts: [{ accountName: 'HCS SP', accountDomain: DOMAIN, accountStatus: 'ACTIVE', accountType: 'CUSTOMER', roles: expect.any(Array) }],
      });
    });

    it('searches accounts with totalRecords', async () => {
      const res = await http('GET', api('/v1/accounts/search?name=hcs&type=CUSTOMER'), { bearer });
      expect(res.json).toMatchObject({ status: 'OK', totalRecords: 1, accounts: [{ domain: DOMAIN, name: 'HCS SP', type: 'CUSTOMER' }] });
    });

    it('lists virtual accounts with isDefault as a string', async () => {
      const res = await http('GET', acct('/customer/virtual-accounts'), { bearer });
      expect(res.status).toBe(200);
      expect(res.json.virtualAccounts).toHaveLength(4);
      expect(res.json.virtualAccounts[0]).toEqual({ name: 'va-hcs-operational', description: '', isDefault: 'true', commerceAccessLevel: 'FULL' });
    });

    it('answers 404 "Given Smart Account ID does not exist" for an unknown domain and 403 for a domain the client cannot reach', async () => {
      const unknown = await http('GET', api('/v1/accounts/nope.example.com/customer/virtual-accounts'), { bearer });
      expect([unknown.status, unknown.json]).toEqual([404, { status: 'ERROR', statusMessage: 'Given Smart Account ID does not exist' }]);
      const forbidden = await http('POST', api('/v1/accounts/other.example.com/licenses'), { bearer, json: {} });
      expect([forbidden.status, forbidden.json.status]).toEqual([403, 'ERROR']);
    });
  });

  describe('licenses and subscriptions', () => {
    it('returns LicenseItems of the requested VAs', async () => {
      const res = await http('POST', acct('/licenses'), { bearer, json: { virtualAccounts: ['va-hcs-operational'], limit: 50, offset: 0 } });
      expect(res.json.totalRecords).toBe(3);
      expect(res.json.licenses[0]).toMatchObject({
        license: 'Enhanced',
        virtualAccount: 'va-hcs-operational',
        quantity: 10,
        inUse: 0,
        available: 10,
        status: 'In Compliance',
        billingType: 'PREPAID',
        licenseDetails: [{ licenseType: 'TERM', quantity: 10, subscriptionId: 'Sub1', startDate: '2026-01-01', endDate: '2027-01-01', status: 'Active' }],
      });
      expect(res.json.licenses[2].licenseDetails[0].licenseType).toBe('PERPETUAL');
    });

    it('pages with limit/offset (body or query), totalRecords, and limit=-1 for everything', async () => {
      const first = await http('POST', acct('/licenses'), { bearer, json: { virtualAccounts: [], limit: 50, offset: 0 } });
      expect(first.json.totalRecords).toBe(123);
      expect(first.json.licenses).toHaveLength(50);
      const last = await http('POST', acct('/licenses?limit=50&offset=100'), { bearer });
      expect(last.json.licenses).toHaveLength(23);
      expect(last.json.licenses[22]).toMatchObject({ virtualAccount: 'va-customer-3', license: 'L39' });
      const all = await http('POST', acct('/licenses'), { bearer, json: { limit: -1 } });
      expect(all.json.licenses).toHaveLength(123);
      const subs = await http('POST', acct('/license-subscriptions?limit=10&offset=0'), { bearer, json: { virtualAccounts: ['va-customer-1'] } });
      expect(subs.json.totalRecords).toBe(40);
      expect(subs.json.subscriptions).toHaveLength(10);
      expect(subs.json.subscriptions[0]).toEqual({
        license: 'L0', quantity: 1, billingType: 'PREPAID', subscriptionId: 'S0-0', virtualAccount: 'va-customer-1', startDate: '', endDate: '', status: 'Active', licenseType: 'TERM',
      });
    });

    it('answers 400 with the envelope for a wrong JSON body and 404 for an unknown VA filter', async () => {
      const broken = await http('POST', acct('/licenses'), { bearer, raw: '{"virtualAccounts":' });
      expect([broken.status, broken.json.status]).toEqual([400, 'ERROR']);
      const wrongType = await http('POST', acct('/licenses'), { bearer, json: { virtualAccounts: 'va-1' } });
      expect([wrongType.status, wrongType.json.status]).toEqual([400, 'ERROR']);
      expect(wrongType.json.statusMessage).toContain('virtualAccounts');
      const unknownVa = await http('POST', acct('/licenses'), { bearer, json: { virtualAccounts: ['va-nope'] } });
      expect(unknownVa.status).toBe(404);
    });
  });

  describe('product registration tokens', () => {
    const tokens = () => acct('/virtual-accounts/va-customer-1/tokens');

    it('creates, lists and revokes tokens (DELETE and POST revoke)', async () => {
      const created = await http('POST', tokens(), { bearer, json: { description: 'auto-registration', expiresAfterDays: 30, exportControlled: 'Not Allowed' } });
      expect(created.status).toBe(200);
      const info = created.json.tokenInfo;
      expect(info).toMatchObject({ token: expect.any(String), description: 'auto-registration', expiresAfterDays: 30, exportControlled: 'Not Allowed', createdBy: 'hcmf', status: 'VALID' });
      expect(Date.parse(info.expirationDate) - Date.now()).toBeGreaterThan(29 * 86_400_000);
      const second = (await http('POST', tokens(), { bearer, json: {} })).json.tokenInfo.token;

      const listed = await http('GET', tokens(), { bearer });
      expect(listed.json.tokens.map((t: { token: string }) => t.token)).toEqual([info.token, second]);

      expect((await http('DELETE', `${tokens()}/${info.token}`, { bearer })).status).toBe(200);
      const revoked = await http('POST', `${tokens()}/revoke`, { bearer, json: { tokens: [second, 'unknown'] } });
      expect(revoked.json).toMatchObject({ status: 'OK', revoked: [second], notFound: ['unknown'] });
      const after = await http('GET', tokens(), { bearer });
      expect(after.json.tokens.map((t: { status: string }) => t.status)).toEqual(['REVOKED', 'REVOKED']);
      expect((await http('DELETE', `${tokens()}/unknown`, { bearer })).status).toBe(404);
    });

    it('rejects a bad token body and reports expiry', async () => {
      const bad = await http('POST', tokens(), { bearer, json: { expiresAfterDays: 0 } });
      expect([bad.status, bad.json.status]).toEqual([400, 'ERROR']);
      const listed = await http('GET', acct('/virtual-accounts/va-hcs-operational/tokens'), { bearer });
      expect(listed.json.tokens.map((t: { status: string }) => t.status)).toEqual(['VALID', 'EXPIRED', 'REVOKED']);
    });
  });

  describe('smart agent registration and consumption', () => {
    const register = (instanceId: string, body: Record<string, unknown>) =>
      http('POST', `${sim.agentUrl}/register`, { json: { token: 'tok-valid', instanceId, productType: 'cucm', hostname: `${instanceId}.example.com`, licenseMode: 'HCS', usage: [], ...body } });
    const pools = async () => {
      const res = await http('POST', acct('/licenses'), { bearer, json: { virtualAccounts: ['va-hcs-operational'] } });
      return Object.fromEntries(res.json.licenses.map((l: { license: string; inUse: number; available: number; status: string }) => [l.license, l]));
    };

    it('registers with a valid token only', async () => {
      for (const token of ['tok-expired', 'tok-revoked', 'nope']) {
        const res = await http('POST', `${sim.agentUrl}/register`, { json: { token, instanceId: 'x', productType: 'cucm', hostname: 'h', licenseMode: 'HCS', usage: [] } });
        expect([res.status, res.json]).toEqual([400, { error: 'INVALID_TOKEN' }]);
      }
      expect((await http('POST', `${sim.agentUrl}/register`, { json: { token: 'tok-valid' } })).status).toBe(400);
    });

    it('consumes licenses with dual parenting, shows them in the license list and releases them on deregister', async () => {
      const res = await register('cucm-ent-1', { licenseMode: 'Enterprise', usage: [{ license: 'Enhanced', count: 18 }] });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({
        smartAccount: DOMAIN,
        virtualAccount: 'va-hcs-operational',
        authorizationStatus: 'AUTHORIZED',
        exportControlled: false,
        registeredAt: expect.any(String),
        registrationExpires: expect.any(String),
        authorizationExpires: expect.any(String),
      });
      let p = await pools();
      expect([p.Enhanced.inUse, p[FOUNDATION].inUse, p[STANDARD].inUse]).toEqual([10, 5, 3]);
      expect(p[FOUNDATION].licenseSubstitutions).toEqual([{ licenseName: FOUNDATION, substitutedLicense: 'Enhanced', substitutedQuantity: 5, substitutionType: 'DUAL_PARENT' }]);

      const devices = await http('GET', acct('/virtual-accounts/va-hcs-operational/devices'), { bearer });
      expect(devices.json).toMatchObject({ status: 'OK', totalRecords: 1, devices: [{ instanceId: 'cucm-ent-1', productType: 'cucm', licenseMode: 'Enterprise' }] });

      const dereg = await http('POST', `${sim.agentUrl}/deregister`, { json: { instanceId: 'cucm-ent-1' } });
      expect(dereg.status).toBe(200);
      p = await pools();
      expect([p.Enhanced.inUse, p[FOUNDATION].inUse, p[STANDARD].inUse]).toEqual([0, 0, 0]);
      expect((await http('POST', `${sim.agentUrl}/deregister`, { json: { instanceId: 'cucm-ent-1' } })).json).toEqual({ error: 'NOT_REGISTERED' });
    });

    it('goes out of compliance when a request cannot be filled, and back with a smaller usage report', async () => {
      const res = await register('cuc-1', { productType: 'cuc', usage: [{ license: 'HCS Unity Connection Basic License', count: 3 }] });
      expect(res.json.authorizationStatus).toBe('OUT_OF_COMPLIANCE');
      let p = await pools();
      expect(p['HCS Unity Connection Basic License']).toMatchObject({ quantity: 0, inUse: 3, available: -3, status: 'Out of Compliance' });
      const usage = await http('POST', `${sim.agentUrl}/usage`, { json: { instanceId: 'cuc-1', usage: [] } });
      expect(usage.json.authorizationStatus).toBe('AUTHORIZED');
      p = await pools();
      expect(p['HCS Unity Connection Basic License'].status).toBe('In Compliance');
      const renewed = await http('POST', `${sim.agentUrl}/renew-auth`, { json: { instanceId: 'cuc-1' } });
      expect(renewed.status).toBe(200);
      expect((await http('POST', `${sim.agentUrl}/renew-id`, { json: { instanceId: 'cuc-1' } })).json.registrationExpires).toEqual(expect.any(String));
      expect((await http('POST', `${sim.agentUrl}/renew-id`, { json: { instanceId: 'ghost' } })).status).toBe(404);
    });

    it('moves a re-registered instance to the new token VA and removes devices through the API', async () => {
      await register('exp-1', { productType: 'expressway', usage: [{ license: FOUNDATION, count: 2 }] });
      const created = (await http('POST', acct('/virtual-accounts/va-customer-2/tokens'), { bearer, json: {} })).json.tokenInfo.token;
      const moved = await http('POST', `${sim.agentUrl}/register`, { json: { token: created, instanceId: 'exp-1', productType: 'expressway', hostname: 'h', licenseMode: 'HCS', usage: [] } });
      expect(moved.json.virtualAccount).toBe('va-customer-2');
      expect((await pools())[FOUNDATION].inUse).toBe(0);
      const removed = await http('POST', api(`/v2/accounts/${DOMAIN}/virtual-accounts/va-customer-2/devices/remove`), { bearer, json: { instanceIds: ['exp-1', 'ghost'] } });
      expect(removed.json).toMatchObject({ status: 'OK', removed: ['exp-1'], notFound: ['ghost'] });
      expect(sim.state.instance('exp-1')).toBeUndefined();
    });
  });

  describe('SSM On-Prem', () => {
    const onprem = (path: string) => `${sim.onPremUrl}/backend/api/v1/accounts/${encodeURIComponent('Local Account 1')}${path}`;

    it('issues a token from a JSON body and serves the account by name', async () => {
      const t = await http('POST', sim.onPremTokenUrl, { json: { client_id: 'onprem', client_secret: 'op', grant_type: 'client_credentials' } });
      expect(t.status).toBe(200);
      const token = t.json.access_token;
      const vas = await http('GET', onprem('/virtual-accounts'), { bearer: token });
      expect(vas.json.virtualAccounts.map((v: { name: string }) => v.name)).toEqual(['op-va-1', 'op-va-2']);
      const lic = await http('POST', onprem('/licenses'), { bearer: token, json: { virtualAccounts: ['op-va-1'] } });
      expect(lic.json.licenses[0]).toMatchObject({ license: FOUNDATION, quantity: 7 });
      const created = await http('POST', onprem('/virtual-accounts/op-va-2/tokens'), { bearer: token, json: { description: 'x', expiresAfterDays: '365', exportControlled: 'Allowed' } });
      expect(created.json.tokenInfo.expiresAfterDays).toBe(365);
      const reg = await http('POST', `${sim.agentUrl}/register`, { json: { token: created.json.tokenInfo.token, instanceId: 'op-1', productType: 'cer', hostname: 'h', licenseMode: 'HCS', usage: [] } });
      expect(reg.json).toMatchObject({ smartAccount: 'Local Account 1', virtualAccount: 'op-va-2', exportControlled: true });
      // A cloud token is no good on-prem.
      expect((await http('GET', onprem('/virtual-accounts'), { bearer })).status).toBe(401);
      const unknown = await http('GET', `${sim.onPremUrl}/backend/api/v1/accounts/Nope/virtual-accounts`, { bearer: token });
      expect([unknown.status, unknown.json.statusMessage]).toEqual([404, 'Given Smart Account ID does not exist']);
    });

    it('answers 403 to an unauthenticated GET on a tokens URL', async () => {
      expect((await http('GET', onprem('/virtual-accounts/op-va-1/tokens'))).status).toBe(403);
    });
  });

  describe('faults, rate limit and calls', () => {
    it("applies each fault kind on a route id and target", async () => {
      sim.faults.add({ route: 'cssm.licenses', target: DOMAIN, kind: 'status', status: 500, times: 1 });
      const failed = await http('POST', acct('/licenses'), { bearer, json: {} });
      expect([failed.status, failed.json.status]).toEqual([500, 'ERROR']);

      sim.faults.add({ route: 'cssm.*', kind: 'malformed', times: 1 });
      const malformed = await http('GET', acct('/customer/virtual-accounts'), { bearer });
      expect([malformed.status, malformed.json]).toEqual([200, undefined]);

      sim.faults.add({ route: 'agent.register', kind: 'reset', times: 1 });
      await expect(http('POST', `${sim.agentUrl}/register`, { json: {} })).rejects.toThrow();

      sim.faults.add({ route: 'cssm.token', kind: 'delay', delayMs: 10, times: 1 });
      expect((await http('POST', sim.tokenUrl, { form: { grant_type: 'client_credentials', client_id: 'hcmf', client_secret: 's3cret' } })).status).toBe(200);

      sim.faults.add({ route: 'cssm.accounts', kind: 'timeout', times: 1 });
      const { request } = await import('undici');
      await expect(request(api('/v2/accounts'), { headers: { authorization: `Bearer ${bearer}` }, headersTimeout: 200 })).rejects.toThrow();

      expect((await http('POST', acct('/licenses'), { bearer, json: {} })).status).toBe(200);
    });

    it('answers 429 with the envelope and Retry-After over the rate limit', async () => {
      sim.limiter.configure({ maxPerSecond: 1 });
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await http('GET', api('/v2/accounts'), { bearer }));
      const limited = answers.find((a) => a.status === 429)!;
      expect(limited.json.status).toBe('ERROR');
      expect(limited.headers['retry-after']).toBe('1');
    });

    it('counts calls per route id and target, and the admin API exposes them', async () => {
      sim.calls.reset();
      await http('POST', `${sim.agentUrl}/register`, { json: { token: 'tok-valid', instanceId: 'count-1', productType: 'cer', hostname: 'h', licenseMode: 'HCS', usage: [] } });
      expect(sim.calls.count('agent.register', DOMAIN)).toBe(1);
      const admin = await http('GET', `${sim.adminUrl}/calls`);
      expect(admin.json.calls['agent.register']).toEqual({ total: 1, targets: { [DOMAIN]: 1 } });
      const fault = await http('POST', `${sim.adminUrl}/faults`, { json: { route: 'onprem.*', kind: 'status', status: 503 } });
      expect(fault.status).toBe(201);
      expect(sim.faults.list()).toHaveLength(1);
      const state = await http('GET', `${sim.adminUrl}/state`);
      expect(state.json.smartAccounts[0]).toMatchObject({ key: DOMAIN, virtualAccounts: 4 });
    });
  });
});
