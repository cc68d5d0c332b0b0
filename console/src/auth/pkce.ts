/**
 * OIDC authorization code with PKCE (RFC 7636, S256) for the console, a public client: no secret in the browser.
 * The verifier and state live in sessionStorage between the redirect to the issuer and the return.
 */

const base64Url = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** A code verifier: 32 random bytes, base64url (43 characters, within RFC 7636's 43..128). */
export const createVerifier = (random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer> = (b) => crypto.getRandomValues(b)): string => base64Url(random(new Uint8Array(32)));

/** The S256 challenge of a verifier: base64url(SHA-256(verifier)). */
export const challengeOf = async (verifier: string): Promise<string> => base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));

export interface OidcSettings {
  issuer: string;
  clientId: string;
  audience: string | null;
}

export interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

/** The issuer's endpoints (OpenID Connect Discovery). */
export const discover = async (issuer: string, fetcher: typeof fetch = fetch): Promise<Discovery> => {
  const response = await fetcher(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`OIDC discovery at ${issuer} answered ${response.status}`);
  return (await response.json()) as Discovery;
};

/** The authorization request URL. */
export const authorizeUrl = (endpoint: string, settings: OidcSettings, redirectUri: string, challenge: string, state: string): string => {
  const url = new URL(endpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri,
    scope: 'openid profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  };
  if (settings.audience) params.audience = settings.audience;
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
};

const KEY = 'smartlic.pkce';

/** Starts the login: remembers verifier and state, answers the URL to send the browser to. */
export const beginLogin = async (settings: OidcSettings, redirectUri: string, storage: Storage = sessionStorage, fetcher: typeof fetch = fetch): Promise<string> => {
  const { authorization_endpoint } = await discover(settings.issuer, fetcher);
  const verifier = createVerifier();
  const state = createVerifier();
  storage.setItem(KEY, JSON.stringify({ verifier, state }));
  return authorizeUrl(authorization_endpoint, settings, redirectUri, await challengeOf(verifier), state);
};

/** Ends the login on return from the issuer: checks the state, exchanges the code and verifier for the access token. */
export const completeLogin = async (
  settings: OidcSettings,
  redirectUri: string,
  query: URLSearchParams,
  storage: Storage = sessionStorage,
  fetcher: typeof fetch = fetch,
): Promise<{ accessToken: string; expiresIn: number | undefined }> => {
  const saved = storage.getItem(KEY);
  storage.removeItem(KEY);
  if (query.get('error')) throw new Error(`the issuer refused the login: ${query.get('error')} ${query.get('error_description') ?? ''}`.trim());
  const code = query.get('code');
  if (!saved || !code) throw new Error('no login in progress');
  const { verifier, state } = JSON.parse(saved) as { verifier: string; state: string };
  if (query.get('state') !== state) throw new Error('the login state does not match (start the login again)');
  const { token_endpoint } = await discover(settings.issuer, fetcher);
  const response = await fetcher(token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: settings.clientId, code_verifier: verifier }),
  });
  if (!response.ok) throw new Error(`the token endpoint answered ${response.status}`);
  const body = (await response.json()) as { access_token?: string; expires_in?: number };
  if (!body.access_token) throw new Error('the token endpoint answered no access_token');
  return { accessToken: body.access_token, expiresIn: body.expires_in };
};
