import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimulatorControls } from '#simulators/common';
import type { CssmState, Realm } from './cssm.state.js';

export const CSSM_TOKEN_PATH = '/oauth2/default/v1/token';
export const CSSM_LEGACY_TOKEN_PATH = '/as/token.oauth2';
export const ONPREM_TOKEN_PATH = '/backend/oauth/token';

const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Client credentials from the body, the query string (a quirk seen in the wild) or HTTP Basic. */
const credentials = (request: FastifyRequest) => {
  const fields = { ...asRecord(request.query), ...asRecord(request.body) };
  let clientId = str(fields.client_id);
  let clientSecret = str(fields.client_secret);
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (basic && clientId === undefined) {
    const [id, ...secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
    clientId = id;
    clientSecret = secret.join(':');
  }
  return { grantType: str(fields.grant_type), clientId, clientSecret };
};

/** CSSM OAuth2 (form-encoded, current and legacy path) and the SSM On-Prem token endpoint (JSON body). */
export const registerOAuthRoutes = (app: FastifyInstance, state: CssmState, controls: SimulatorControls): void => {
  const tokenHandler = (realm: Realm, routeId: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    if (await controls.enter(routeId, '*', request, reply)) return reply;
    const { grantType, clientId, clientSecret } = credentials(request);
    if (!grantType) return reply.code(400).send({ error: 'invalid_request', error_description: 'grant_type is required' });
    if (grantType !== 'client_credentials') return reply.code(400).send({ error: 'unsupported_grant_type' });
    const issued = clientId && clientSecret ? state.issueAccessToken(realm, clientId, clientSecret) : undefined;
    if (!issued) return reply.code(401).send({ error: 'invalid_client', error_description: 'Client authentication failed' });
    return reply.header('cache-control', 'no-store').send({ access_token: issued.accessToken, token_type: 'Bearer', expires_in: issued.expiresIn });
  };
  app.post(CSSM_TOKEN_PATH, tokenHandler('cloud', 'cssm.token'));
  app.post(CSSM_LEGACY_TOKEN_PATH, tokenHandler('cloud', 'cssm.token'));
  app.post(ONPREM_TOKEN_PATH, tokenHandler('onprem', 'onprem.token'));
};
