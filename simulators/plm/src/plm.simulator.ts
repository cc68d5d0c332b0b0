import { installConcurrencyLimiter, parseScenario, registerAdminRoutes, SimulatorControls, startFastify, type CallCounter, type FaultInjector, type LatencyModel } from '#simulators/common';
import { createSelfSignedCertificate } from '#simulators/uc-apps';
import Fastify, { type FastifyInstance } from 'fastify';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { z } from 'zod';
import { registerPlmPawsRoutes } from './plm-paws.routes.js';
import { plmError, registerPlmRoutes } from './plm.routes.js';
import { plmScenarioSchema, type PlmScenario } from './plm-scenario.schema.js';
import { PlmState } from './plm.state.js';
import { PLM_ALL_LICENSE_TYPES, PLM_ERROR_CODES, type PlmLicenseType } from './plm.wire-format.js';

export interface PlmSimulatorOptions {
  scenario?: PlmScenario;
  /** Listen address; default `0.0.0.0` (loopback peers only) so that every PLM has its own 127.x address. */
  host?: string;
  /** Default 0 (random); PLM itself listens on 8443 (plm.wire-format.ts). */
  port?: number;
  /** HTTPS with a self-signed certificate generated at start (`caPem`); default true, as PLM serves HTTPS only. */
  tls?: boolean;
  /** How long a PLM resets connections after PAWS restartSystem (default 200 ms). */
  restartMs?: number;
}

export interface PlmSimulator {
  port: number;
  /** Admin base URL `http(s)://127.0.0.1:<port>`; a PLM is `http(s)://<its address>:<port>`. */
  url: string;
  caPem?: string;
  state: PlmState;
  faults: FaultInjector;
  latency: LatencyModel;
  calls: CallCounter;
  plmUrl(address: string): string;
  close(): Promise<void>;
}

const ADMIN_PREFIX = '/__admin/';
const isLoopback = (a: string | undefined): boolean => a !== undefined && (a.startsWith('127.') || a === '::1' || a.startsWith('::ffff:127.'));

const installBody = z.object({ licenseType: z.enum(PLM_ALL_LICENSE_TYPES as [string, ...string[]]), count: z.number().int().positive() });
const passwordBody = z.object({ password: z.string().min(1) });
const usageBody = z.object({ usage: z.partialRecord(z.enum(PLM_ALL_LICENSE_TYPES as [string, ...string[]]), z.number().int().nonnegative()) });

/**
 * One HTTP(S) server for every PLM of the scenario. A request whose Host names no PLM has its connection reset, as
 * an unreachable host; `/__admin/*` is not routed by Host. Connections from non-loopback peers are dropped.
 */
export const startPlmSimulator = async (options: PlmSimulatorOptions = {}): Promise<PlmSimulator> => {
  const state = new PlmState(options.scenario ? parseScenario(options.scenario, plmScenarioSchema, 'plm scenario') : undefined);
  const controls = new SimulatorControls({ errorBody: (status) => plmError('SIMULATED_FAULT', `Simulated HTTP ${status}`) });
  const certificate = options.tls === false ? undefined : await createSelfSignedCertificate(state.values().map((p) => p.address));

  const app: FastifyInstance = Fastify({
    logger: false,
    forceCloseConnections: true,
    serverFactory: (handler) => {
      const routed = (req: IncomingMessage, res: ServerResponse): void => {
        const plm = req.url?.startsWith(ADMIN_PREFIX) === true ? undefined : state.byHostHeader(req.headers.host ?? '');
        // An unknown host, or a PLM restarting after PAWS restartSystem: the connection is reset.
        if (req.url?.startsWith(ADMIN_PREFIX) !== true && (!plm || plm.restartingUntil > Date.now())) {
          req.socket.destroy();
          return;
        }
        (handler as (q: IncomingMessage, s: ServerResponse) => void)(req, res);
      };
      const server: Server = certificate ? createHttpsServer({ key: certificate.keyPem, cert: certificate.certPem }, routed) : createHttpServer(routed);
      server.on('connection', (socket: Socket) => {
        if (!isLoopback(socket.remoteAddress)) socket.destroy();
      });
      return server;
    },
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    return reply.code(status).send(plmError(status === 500 ? 'INTERNAL_ERROR' : PLM_ERROR_CODES.badRequest, status === 500 ? 'Internal error' : error.message));
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send(plmError(PLM_ERROR_CODES.notFound, `No resource ${request.method} ${request.url.split('?')[0]}`)));

  installConcurrencyLimiter(app, controls.limiter, { errorBody: (_status, message) => plmError('TOO_MANY_REQUESTS', message) });
  app.addContentTypeParser(['text/xml', 'application/xml', 'application/soap+xml'], { parseAs: 'string' }, (_request, body, done) => done(null, body));
  registerPlmRoutes(app, state, controls);
  registerPlmPawsRoutes(app, state, controls, { restartMs: options.restartMs ?? 200 });
  registerAdminRoutes(app, {
    faults: controls.faults,
    latency: controls.latency,
    counter: controls.counter,
    limiter: controls.limiter,
    seed: (scenario) => state.seed(parseScenario(scenario, plmScenarioSchema, 'scenario')),
    snapshot: (query) => state.snapshot(query),
  });
  // What an operator does on the PLM itself: install a license file, change the OS admin password, and what a
  // cluster reports as used.
  app.post<{ Params: { address: string } }>('/__admin/plms/:address/licenses', async (request, reply) => {
    const plm = state.get(request.params.address);
    if (!plm) return reply.code(404).send({ error: 'NOT_FOUND' });
    const parsed = installBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'BAD_REQUEST', message: parsed.error.message });
    plm.installLicense(parsed.data.licenseType as PlmLicenseType, parsed.data.count);
    return plm.snapshot();
  });
  app.put<{ Params: { address: string } }>('/__admin/plms/:address/os-admin-password', async (request, reply) => {
    const plm = state.get(request.params.address);
    if (!plm) return reply.code(404).send({ error: 'NOT_FOUND' });
    const parsed = passwordBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'BAD_REQUEST', message: parsed.error.message });
    plm.osAdmin = { ...plm.osAdmin, password: parsed.data.password };
    return { ok: true };
  });
  app.put<{ Params: { address: string; name: string } }>('/__admin/plms/:address/clusters/:name/usage', async (request, reply) => {
    const plm = state.get(request.params.address);
    if (!plm) return reply.code(404).send({ error: 'NOT_FOUND' });
    const parsed = usageBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'BAD_REQUEST', message: parsed.error.message });
    plm.setUsage(request.params.name, parsed.data.usage);
    return { ok: true };
  });

  // Every loopback address (the lab's PLMs are 127.30.0.x) unless told otherwise.
  const server = await startFastify(app, { host: options.host ?? '0.0.0.0', port: options.port });
  const scheme = certificate ? 'https' : 'http';
  const { port } = server;
  return {
    port,
    url: server.url,
    ...(certificate ? { caPem: certificate.certPem } : {}),
    state,
    faults: controls.faults,
    latency: controls.latency,
    calls: controls.counter,
    plmUrl: (a) => `${scheme}://${a.includes(':') ? `[${a}]` : a}:${port}`,
    close: server.close,
  };
};
