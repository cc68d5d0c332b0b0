import { describe, expect, it } from 'vitest';
import { authorizeUrl, beginLogin, challengeOf, completeLogin, createVerifier } from './pkce';

const settings = { issuer: 'https://idp.example.com/realms/hcs', clientId: 'smartlic-console', audience: 'smartlic' };
const discovery = { authorization_endpoint: 'https://idp.example.com/auth', token_endpoint: 'https://idp.example.com/token' };

/** A fetch answering discovery and the token endpoint, recording what it was sent. */
const issuer = (token: Record<string, unknown> = { access_token: 'the-token', expires_in: 300 }) => {
  const calls: { url: string; body?: string }[] = [];
  const fetcher = (async (url: string, init?: RequestInit) => {
    calls.push({ url: String(url), body: init?.body?.toString() });
    if (String(url).endsWith('/.well-known/openid-configuration')) return new Response(JSON.stringify(discovery));
    return new Response(JSON.stringify(token), { status: token.access_token ? 200 : 400 });
  }) as typeof fetch;
  return { fetcher, calls };
};

describe('PKCE (RFC 7636)', () => {
  it("computes RFC 7636 appendix B's S256 challenge", async () => {
    expect(await challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes a 43-character base64url verifier from 32 random bytes, a new one each time', () => {
    const v = createVerifier();
    expect(v).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createVerifier()).not.toBe(v);
    expect(createVerifier((b) => b.fill(255))).toBe('_'.repeat(42) + '8');
  });

  it('asks for an authorization code with the S256 challenge, client id, redirect, state and audience', () => {
    const url = new URL(authorizeUrl(discovery.authorization_endpoint, settings, 'https://smartlic/console/callback', 'CH', 'ST'));
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'smartlic-console',
      redirect_uri: 'https://smartlic/console/callback',
      scope: 'openid profile',
      code_challenge: 'CH',
      code_challenge_method: 'S256',
      state: 'ST',
      audience: 'smartlic',
    });
  });

  it('exchanges the code with the verifier whose challenge it sent, once the state matches', async () => {
    const { fetcher, calls } = issuer();
    const url = new URL(await beginLogin(settings, 'https://smartlic/console/callback', sessionStorage, fetcher));
    const state = url.searchParams.get('state')!;
    const result = await completeLogin(settings, 'https://smartlic/console/callback', new URLSearchParams({ code: 'C1', state }), sessionStorage, fetcher);
    expect(result).toEqual({ accessToken: 'the-token', expiresIn: 300 });
    const sent = new URLSearchParams(calls.at(-1)!.body);
    expect(calls.at(-1)!.url).toBe(discovery.token_endpoint);
    expect(sent.get('grant_type')).toBe('authorization_code');
    expect(sent.get('code')).toBe('C1');
    expect(await challengeOf(sent.get('code_verifier')!)).toBe(url.searchParams.get('code_challenge'));
  });

  it('refuses a return whose state does not match, and a second use of the same login', async () => {
    const { fetcher } = issuer();
    await beginLogin(settings, 'https://smartlic/console/callback', sessionStorage, fetcher);
    await expect(completeLogin(settings, 'https://smartlic/console/callback', new URLSearchParams({ code: 'C1', state: 'forged' }), sessionStorage, fetcher)).rejects.toThrow(/state does not match/);
    await expect(completeLogin(settings, 'https://smartlic/console/callback', new URLSearchParams({ code: 'C1', state: 'forged' }), sessionStorage, fetcher)).rejects.toThrow(/no login in progress/);
  });

  it("reports the issuer's refusal", async () => {
    const { fetcher } = issuer();
    await beginLogin(settings, 'https://smartlic/console/callback', sessionStorage, fetcher);
    await expect(completeLogin(settings, 'x', new URLSearchParams({ error: 'access_denied' }), sessionStorage, fetcher)).rejects.toThrow(/access_denied/);
  });
});
