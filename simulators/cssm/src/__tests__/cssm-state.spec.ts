import { CssmState } from '../cssm.state.js';

describe('CSSM simulator state: a virtual account deleted in the portal', () => {
  it('disappears from the account with its tokens and product instances; the other VAs stay', () => {
    const state = new CssmState({ smartAccounts: [{ domain: 'sp.example.com', name: 'SP', apiClients: [{ clientId: 'c', clientSecret: 's' }], virtualAccounts: [{ name: 'va-a' }, { name: 'va-b' }] }] });
    const account = state.account('cloud', 'sp.example.com')!;
    const token = state.createRegistrationToken(account.virtualAccounts.get('va-a')!, { description: '', expiresAfterDays: 30, exportControlled: 'Allowed', createdBy: 'test' });
    state.registerInstance(token, { instanceId: 'cucm-1', productType: 'cucm', hostname: 'pub', licenseMode: 'HCS', usage: [] });

    expect(state.removeVirtualAccount(account, 'va-a')).toBe(true);
    expect(account.vaList.map((va) => va.name)).toEqual(['va-b']);
    expect(account.virtualAccounts.has('va-a')).toBe(false);
    expect(state.registrationToken(token.token)).toBeUndefined();
    expect(state.instance('cucm-1')).toBeUndefined();
    expect(state.removeVirtualAccount(account, 'va-a')).toBe(false);
  });
});
