import { generateSmartAccount, startCssmSimulator, type CssmSimulator } from '../index.js';
import { http } from './cssm-test-client.js';

describe('CSSM simulator admin seeding and generated accounts', () => {
  let sim: CssmSimulator;
  beforeAll(async () => {
    sim = await startCssmSimulator();
  });
  afterAll(() => sim.close());

  it('seeds a generated 1,000-VA account through POST /__admin/scenario and pages its licenses', async () => {
    const account = generateSmartAccount({ domain: 'big.example.com', virtualAccounts: 1000, licensesPerVa: 20, subscriptionsPerVa: 2 });
    expect((await http('POST', `${sim.adminUrl}/scenario`, { json: { smartAccounts: [account] } })).status).toBe(200);
    const bearer = (await http('POST', sim.tokenUrl, { form: { grant_type: 'client_credentials', client_id: 'bench-client', client_secret: 'bench-secret' } })).json.access_token;
    const page = await http('POST', `${sim.apiBaseUrl}/v1/accounts/big.example.com/licenses?limit=50&offset=19990`, { bearer });
    expect(page.json.totalRecords).toBe(20_000);
    expect(page.json.licenses).toHaveLength(10);
    expect(page.json.licenses[9]).toMatchObject({ virtualAccount: 'va-1000', licenseDetails: [{ licenseType: 'PERPETUAL' }] });
    const subs = await http('POST', `${sim.apiBaseUrl}/v1/accounts/big.example.com/license-subscriptions`, { bearer, json: { virtualAccounts: ['va-0001'], limit: -1 } });
    expect(new Set(subs.json.subscriptions.map((s: { subscriptionId: string }) => s.subscriptionId))).toEqual(new Set(['Sub1-1', 'Sub1-2']));
  });

  it('refuses an invalid scenario with the JSON path and rule', async () => {
    const res = await http('POST', `${sim.adminUrl}/scenario`, { json: { smartAccounts: [{ domain: 'x.com', name: 'X', virtualAccounts: [{ name: 'va', licenses: [{ license: 'L', licenseDetails: [{ quantity: -1 }] }] }] }] } });
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(/^scenario: smartAccounts\[0\]\.virtualAccounts\[0\]\.licenses\[0\]\.licenseDetails\[0\]\.quantity: /);
  });
});
