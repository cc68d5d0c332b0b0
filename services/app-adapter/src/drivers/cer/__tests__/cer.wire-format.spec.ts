import { SmartlicException } from '#libs/contracts';
import {
  CER_COMMANDS,
  cliArgument,
  cliDateToIso,
  commandResult,
  licenseModeOfUsage,
  licenseNameOf,
  networkClusterNodes,
  nodeStateFromStatus,
  transportFromStatus,
  usageFromOutput,
} from '../cer.wire-format.js';

const node = { hostname: 'cer-pub', address: '10.0.0.1' };

// The layout of Cisco's smart agent (`show license status`), with our own values.
const REGISTERED = `Smart Licensing is ENABLED

Utility:
  Status: DISABLED

Transport:
  Type: Callhome

Registration:
  Status: REGISTERED
  Smart Account: Example SP As of Jan 02 10:00:00 2026 UTC
  Virtual Account: VA-Customer-1
  Export-Controlled Functionality: ALLOWED
  Initial Registration: SUCCEEDED on Jan 02 10:00:00 2026 UTC
  Last Renewal Attempt: None
  Next Renewal Attempt: Jul 01 10:00:00 2026 UTC
  Registration Expires: Jan 02 09:55:00 2027 UTC

License Authorization:
  Status: AUTHORIZED on Jan 02 10:00:05 2026 UTC
  Last Communication Attempt: SUCCEEDED on Jan 02 10:00:05 2026 UTC
  Next Communication Attempt: Feb 01 10:00:05 2026 UTC
  Communication Deadline: Apr 02 09:55:00 2026 UTC
`;

const UNREGISTERED = `Smart Licensing is ENABLED

Registration:
  Status: UNREGISTERED
  Export-Controlled Functionality: Not Allowed

License Authorization:
  Status: EVAL MODE
  Evaluation Period Remaining: 62 days, 4 hours, 10 minutes, 2 seconds
`;

describe('Emergency Responder CLI wire format', () => {
  it('reads show license status: registration, accounts without the "As of" suffix, ISO expiry dates, authorization in HCM-F words', () => {
    expect(nodeStateFromStatus(REGISTERED, node)).toEqual({
      ...node,
      registrationStatus: 'registered',
      authorizationStatus: 'Authorized',
      smartAccount: 'Example SP',
      virtualAccount: 'VA-Customer-1',
      registrationExpires: '2027-01-02T09:55:00.000Z',
      authorizationExpires: '2026-04-02T09:55:00.000Z',
    });
    expect(nodeStateFromStatus(UNREGISTERED, node)).toEqual({
      ...node,
      registrationStatus: 'evaluation',
      authorizationStatus: 'Evaluation Mode',
      smartAccount: null,
      virtualAccount: null,
      registrationExpires: null,
      authorizationExpires: null,
    });
    expect(nodeStateFromStatus('Smart Licensing is ENABLED\n', node)).toBeUndefined();
  });

  it('reads the transport of show license status', () => {
    expect(transportFromStatus(REGISTERED)).toEqual({ mode: 'Direct' });
    expect(transportFromStatus('Transport:\n  Type: Callhome\n  URL: https://x\n  Proxy:\n    Address: 10.1.1.1\n    Port: 3128\n    Username: u\n    Password: ********\n')).toEqual({
      mode: 'Proxy',
      proxy: { host: '10.1.1.1', port: 3128 },
    });
    expect(transportFromStatus('Transport:\n  Type: TransportGateway\n  URL: https://sat/SmartTransport\n  Proxy:\n    Not Configured\n')).toEqual({ mode: 'Satellite', satelliteUrl: 'https://sat/SmartTransport' });
    expect(transportFromStatus(UNREGISTERED)).toBeUndefined();
  });

  it('reads show license usage entries as "(tag):" or "tag (description):" with their count and status', () => {
    const output = `License Authorization:
  Status: EVAL MODE

(HCER_User):
  Description: Emergency Responder user
  Count: 12
  Version: 1.0
  Status: EVAL MODE
  Export status: NOT RESTRICTED

er-user (Emergency Responder User):
  Description: Emergency Responder User
  Count: 3
  Status: OUT OF COMPLIANCE
`;
    expect(usageFromOutput(output)).toEqual([
      { tag: 'HCER_User', count: 12, status: 'Evaluation Mode' },
      { tag: 'er-user', count: 3, status: 'Out of Compliance' },
    ]);
    expect(usageFromOutput('License Authorization:\n  Status: AUTHORIZED on Jan 02 10:00:05 2026 UTC\n')).toEqual([]);
    expect(usageFromOutput('\u0000\u0001garbage %%')).toBeUndefined();
    expect(usageFromOutput('(CER_USER):\n  Count: many\n')).toBeUndefined();
  });

  it("names usage as smartlic's licenses and infers the license mode from the entitlements (the guide's Table 1)", () => {
    expect(licenseNameOf('HCER_User')).toBe('HCS Emergency Responder User License');
    expect(licenseNameOf('HCS Emergency Responder User License')).toBe('HCS Emergency Responder User License');
    expect(licenseNameOf('CER_USER')).toBe('CER_USER');
    expect(licenseNameOf('SOMETHING_ELSE')).toBe('SOMETHING_ELSE');
    expect(licenseModeOfUsage(['HCER_User'])).toBe('HCS');
    expect(licenseModeOfUsage(['CER_USER'])).toBe('Enterprise');
    expect(licenseModeOfUsage([])).toBeNull();
  });

  it('reads the roles of show network cluster (the CER Administration Guide sample layout)', () => {
    const output = `10.10.1.11 er-pub.example.org er-pub Publisher callmanager DBPub authenticated
10.10.1.12 er-sub.example.org er-sub Subscriber ciscoer DBSub authenticated using TCP since Mon Mar 2 08:00:00 2026

Successful`;
    expect(networkClusterNodes(output)).toEqual([
      { address: '10.10.1.11', hostname: 'er-pub', role: 'Publisher' },
      { address: '10.10.1.12', hostname: 'er-sub', role: 'Subscriber' },
    ]);
  });

  it('tells a failed or unknown command from a done one', () => {
    expect(commandResult("Registration process is in progress. Use the 'show license status' command to check the progress and result")).toEqual({ kind: 'done' });
    expect(commandResult('Smart License Server is not running\nExecuted command unsuccessfully\n')).toEqual({ kind: 'failed', lines: ['Smart License Server is not running'] });
    expect(commandResult('Executed command unsuccessfully\nNo valid command entered')).toEqual({ kind: 'unknown-command' });
  });

  it('reads smart agent dates as ISO-8601', () => {
    expect(cliDateToIso('AUTHORIZED on Mar 03 08:09:24 2026 UTC')).toBe('2026-03-03T08:09:24.000Z');
    expect(cliDateToIso('None')).toBeNull();
    expect(cliDateToIso(undefined)).toBeNull();
  });

  it('builds the CERCLI command lines; the token and the proxy password appear only in the line sent', () => {
    const register = CER_COMMANDS.register('tok+en/123', true);
    expect(register).toEqual({
      name: 'license smart register idtoken',
      line: 'license smart register idtoken tok+en/123 force',
      display: 'license smart register idtoken ******** force',
      secrets: ['tok+en/123'],
      idempotent: false,
    });
    const proxy = CER_COMMANDS.transport({ mode: 'Proxy', proxy: { host: 'proxy.example.com', port: 8080, username: 'squid user', password: 'p w' } });
    expect(proxy.line).toBe('license smart transport proxy proxy.example.com 8080 "squid user" "p w"');
    expect(proxy.display).toBe('license smart transport proxy proxy.example.com 8080 "squid user" ********');
    expect(proxy.secrets).toEqual(['p w']);
    expect(CER_COMMANDS.transport({ mode: 'Proxy', proxy: { host: '10.1.1.1', port: 3128 } }).line).toBe('license smart call-home proxy 10.1.1.1 3128');
    expect(CER_COMMANDS.transport({ mode: 'Satellite', satelliteUrl: 'https://sat/SmartTransport' }).line).toBe('license smart call-home destination address TransportGateway https://sat/SmartTransport');
    expect(CER_COMMANDS.transport({ mode: 'Direct' }).line).toBe('license smart call-home destination address default');
    expect(CER_COMMANDS.showLicenseStatus()).toMatchObject({ line: 'show license status', idempotent: true });
  });

  it('refuses an argument the CLI cannot take, naming the field and never the value', () => {
    const refused = (() => {
      try {
        cliArgument('se"cret', 'proxy.password', 'CAA1040');
      } catch (e) {
        return e as SmartlicException;
      }
      throw new Error('expected a refusal');
    })();
    expect(refused.toJSON()).toMatchObject({ code: 'CAA1040', details: { field: 'proxy.password' } });
    expect(JSON.stringify(refused.toJSON())).not.toContain('se"cret');
    expect(() => CER_COMMANDS.register('', false)).toThrow(expect.objectContaining({ code: 'CAA1048' }));
    expect(() => CER_COMMANDS.transport({ mode: 'Proxy', proxy: { host: 'proxy', port: 8080, username: 'squid' } })).toThrow(
      expect.objectContaining({ code: 'CAA1040', details: expect.objectContaining({ field: 'proxy.password' }) }),
    );
  });
});
