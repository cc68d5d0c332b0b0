import Fastify, { type FastifyInstance } from 'fastify';
import { parseScenario, registerAdminRoutes, SimulatorControls, startFastify, installConcurrencyLimiter, type CallCounter, type FaultInjector, type LatencyModel, type ConcurrencyLimiter } from '#simulators/common';
import { CSSM_API_PREFIX, registerAccountApiRoutes } from './account-api.routes.js';
import { AGENT_PREFIX, registerAgentRoutes } from './agent.routes.js';
import { cssmScenarioSchema, type CssmScenario } from './cssm-scenario.schema.js';
import { CssmState } from './cssm.state.js';
import { envelopeError } from './cssm.views.js';
import { CSSM_LEGACY_TOKEN_PATH, CSSM_TOKEN_PATH, ONPREM_TOKEN_PATH, registerOAuthRoutes } from './oauth.routes.js';
import { generateSelfSignedCertificate } from './self-signed-certificate.js';

export interface CssmSimulatorOptions {
  scenario?: CssmScenario;
  host?: string;
  port?: number;
  /** Serve HTTPS with a self-signed certificate generated at start (needs the openssl binary). */
  tls?: boolean;
  logger?: boolean;
}

export interface CssmSimulator {
  /** Base URL of the server (CSSM cloud, SSM On-Prem, smart-agent backend and admin API share it). */
  url: string;
  /** CSSM OAuth2 token endpoint (current path); the legacy `/as/token.oauth2` is `legacyTokenUrl`. */
  tokenUrl: string;
  legacyTokenUrl: string;
  /** `${url}/services/api/smart-accounts-and-licensing` */
  apiBaseUrl: string;
  /** SSM On-Prem base (same server): the API is under `${onPremUrl}/backend/api/v1`, the token at `onPremTokenUrl`. */
  onPremUrl: string;
  onPremTokenUrl: string;
  /** `${url}/sim/agent` — the smart-agent backend for the uc-apps simulator. */
  agentUrl: string;
  adminUrl: string;
  /** PEM of the self-signed certificate when `tls` is on, for clients to trust. */
  certificate?: string;
  state: CssmState;
  faults: FaultInjector;
  latency: LatencyModel;
  calls: CallCounter;
  limiter: ConcurrencyLimiter;
  controls: SimulatorControls;
  close: () => Promise<void>;
}

const isEnvelopeRoute = (url: string) => !url.startsWith(AGENT_PREFIX) && !url.startsWith('/__admin');

/** Starts CSSM cloud + SSM On-Prem + the smart-agent backend + `/__admin` on one fastify server. */
export const startCssmSimulator = async (options: CssmSimulatorOptions = {}): Promise<CssmSimulator> => {
  const state = new CssmState(options.scenario ? parseScenario(options.scenario, cssmScenarioSchema, 'cssm scenario') : undefined);
  const controls = new SimulatorControls({ errorBody: (status) => envelopeError(`Simulated error ${status}`), limits: options.scenario?.limits });
  const tls = options.tls ? await generateSelfSignedCertificate() : undefined;
  // Large admin seeds (1,000 VAs) exceed fastify's 1 MB default body limit.
  // The https instance differs only in its server type; routes and hooks are the same.
  const app = (
    tls
      ? Fastify({ logger: options.logger ?? false, bodyLimit: 256 * 1024 * 1024, https: { key: tls.key, cert: tls.cert } })
      : Fastify({ logger: options.logger ?? false, bodyLimit: 256 * 1024 * 1024 })
  ) as FastifyInstance;

  // Clients POST `Content-Type: application/json` with no body (licenses with query paging); treat it as `{}`.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = (body as string).trim();
    if (text === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new Error('Malformed JSON in request body'), { statusCode: 400 }), undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    const message = status === 500 ? 'Internal error' : error.message;
    if (status === 500) request.log.error(error);
    return reply.code(status).send(isEnvelopeRoute(request.url) ? envelopeError(message) : { error: status === 400 ? 'BAD_REQUEST' : 'ERROR', message });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(isEnvelopeRoute(request.url) ? envelopeError(`No route ${request.method} ${request.url.split('?')[0]}`) : { error: 'NOT_FOUND' }),
  );

  installConcurrencyLimiter(app, controls.limiter, {
    errorBody: (_status, message) => envelopeError(message),
  });
  registerOAuthRoutes(app, state, controls);
  registerAccountApiRoutes(app, state, controls, 'cloud');
  registerAccountApiRoutes(app, state, controls, 'onprem');
  registerAgentRoutes(app, state, controls);
  registerAdminRoutes(app, {
    faults: controls.faults,
    latency: controls.latency,
    counter: controls.counter,
    limiter: controls.limiter,
    seed: (scenario) => {
      const parsed = parseScenario(scenario, cssmScenarioSchema, 'scenario');
      state.seed(parsed);
      if (parsed.limits) controls.limiter.configure(parsed.limits);
    },
    snapshot: (query) => state.snapshot(query),
  });

  const server = await startFastify(app, { host: options.host, port: options.port });
  return {
    url: server.url,
    tokenUrl: `${server.url}${CSSM_TOKEN_PATH}`,
    legacyTokenUrl: `${server.url}${CSSM_LEGACY_TOKEN_PATH}`,
    apiBaseUrl: `${server.url}${CSSM_API_PREFIX}`,
    onPremUrl: server.url,
    onPremTokenUrl: `${server.url}${ONPREM_TOKEN_PATH}`,
    agentUrl: `${server.url}${AGENT_PREFIX}`,
    adminUrl: `${server.url}/__admin`,
    certificate: tls?.cert,
    state,
    faults: controls.faults,
    latency: controls.latency,
    calls: controls.counter,
    limiter: controls.limiter,
    controls,
    close: server.close,
  };
};
