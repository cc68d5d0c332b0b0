import { installConcurrencyLimiter, SimulatorControls, type CallCounter, type FaultInjector, type LatencyModel, type SimLicenseMode } from '#simulators/common';
import Fastify, { type FastifyInstance } from 'fastify';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { ClusterStore } from './cluster.store.js';
import { CopInstallService } from './cop-install.service.js';
import { CssmAgentClient } from './cssm-agent.client.js';
import { registerCucRoutes } from './cuc.routes.js';
import { registerCucmRoutes, type AxlExchange } from './cucm.routes.js';
import { registerExpresswayRoutes } from './expressway.routes.js';
import { LicenseModeService } from './license-mode.service.js';
import { guardLoopback, routeByHost } from './node-router.js';
import { registerPawsRoutes } from './paws.routes.js';
import { startPlatformCliServer } from './platform-cli.server.js';
import type { UcRouteDeps } from './route-context.js';
import type { UcAppsScenario } from './scenario.schema.js';
import { SmartAgentService } from './smart-agent.service.js';
import { createSelfSignedCertificate } from './tls-certificate.js';
import { registerUcAdminRoutes } from './uc-admin.routes.js';

export interface UcAppsSimulatorOptions {
  scenario?: UcAppsScenario;
  /** Base URL of the CSSM simulator, whose `/sim/agent/*` backend the smart agents call. */
  cssmUrl: string;
  /** Listen address; default `0.0.0.0`, restricted to loopback peers. */
  host?: string;
  /** Default 0 (random). */
  port?: number;
  /** Port of the Emergency Responder platform CLI (SSH) on every node address; default 0 (random). */
  sshPort?: number;
  /** Serve HTTPS with a self-signed certificate generated at start (see `caPem`). */
  tls?: boolean;
  /** How long a publisher restart (PAWS restartSystem) keeps the cluster unreachable; default 2000 ms. */
  rebootMs?: number;
  /** Port the publishers download COP files from (PAWS prepareRemoteUpgrade names a server, not a port); default 22. */
  copSftpPort?: number;
  /** How long a COP installation (PAWS startUpgrade) takes; default 500 ms. */
  copInstallMs?: number;
  /** How long a smart agent waits for CSSM before answering "communication timeout"; default 10000 ms. */
  cssmTimeoutMs?: number;
  /** Called with every AXL request a Unified CM node answered and its answer (tests checking the wire). */
  onAxlExchange?: (exchange: AxlExchange) => void;
}

export interface UcAppsSimulator {
  port: number;
  /** The SSH port of every Emergency Responder node's platform CLI (the node is the address the client connects to). */
  sshPort: number;
  /** `SHA256:<base64>` fingerprint of the SSH host key generated at start. */
  sshHostKeyFingerprint: string;
  /** Admin base URL (`http(s)://127.0.0.1:<port>`); node URLs are `http(s)://<node address>:<port>`. */
  url: string;
  /** The self-signed certificate (PEM) to trust as CA bundle, when `tls` is on. */
  caPem?: string;
  clusters: ClusterStore;
  faults: FaultInjector;
  latency: LatencyModel;
  calls: CallCounter;
  /** What PAWS getDeploymentMode answers for a cluster: the mode set last, applied by the next restart or not yet. */
  deploymentMode(clusterId: string): SimLicenseMode | undefined;
  /** Base URL of a node, e.g. `http://127.1.0.1:41234`. */
  nodeUrl(address: string): string;
  close(): Promise<void>;
}

const DEFAULT_REBOOT_MS = 2000;
const DEFAULT_CSSM_TIMEOUT_MS = 10_000;

const jsonParser = (_request: unknown, body: string, done: (err: Error | null, body?: unknown) => void): void => {
  // Clients send `Content-Type: application/json` with an empty body on deregister/renew; treat it as `{}`.
  if (body.trim() === '') return done(null, {});
  try {
    done(null, JSON.parse(body));
  } catch (e) {
    done(Object.assign(new Error(`Invalid JSON: ${(e as Error).message}`), { statusCode: 400 }));
  }
};

/**
 * Starts one HTTP(S) server that simulates every node of every UC cluster of the scenario, and one SSH server for the
 * Emergency Responder nodes' platform CLI.
 */
export const startUcAppsSimulator = async (options: UcAppsSimulatorOptions): Promise<UcAppsSimulator> => {
  const store = new ClusterStore();
  if (options.scenario) store.seed(options.scenario);

  const certificate = options.tls
    ? await createSelfSignedCertificate([...store.values()].flatMap((c) => c.nodes.map((n) => n.address)))
    : undefined;

  const cssm = new CssmAgentClient(options.cssmUrl, options.cssmTimeoutMs ?? DEFAULT_CSSM_TIMEOUT_MS);
  const agent = new SmartAgentService(cssm);
  const licenseMode = new LicenseModeService(agent, options.rebootMs ?? DEFAULT_REBOOT_MS);
  const controls = new SimulatorControls({ errorBody: (status) => ({ code: 'SIMULATED_FAULT', message: `Simulated HTTP ${status}` }) });
  const cop = new CopInstallService(licenseMode, options.copSftpPort ?? 22, options.copInstallMs ?? 500);
  const deps: UcRouteDeps = { store, agent, licenseMode, cop, controls };

  const app: FastifyInstance = Fastify({
    logger: false,
    forceCloseConnections: true,
    // Admin seeds of 10,000 clusters exceed fastify's 1 MB default body limit.
    bodyLimit: 256 * 1024 * 1024,
    serverFactory: (handler) => {
      const routed = routeByHost(store, handler as (req: IncomingMessage, res: ServerResponse) => void);
      const server: Server = certificate ? createHttpsServer({ key: certificate.keyPem, cert: certificate.certPem }, routed) : createHttpServer(routed);
      server.on('connection', guardLoopback);
      return server;
    },
  });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, jsonParser);
  app.addContentTypeParser(['text/xml', 'application/xml', 'application/soap+xml'], { parseAs: 'string' }, (_request, body, done) => done(null, body));

  // Optional request limits (off until set through PUT /__admin/limits); the admin API is never limited.
  installConcurrencyLimiter(app, controls.limiter, { errorBody: (_status, message) => ({ code: 'TOO_MANY_REQUESTS', message }) });
  registerUcAdminRoutes(app, deps);
  registerCucmRoutes(app, deps, options.onAxlExchange ? { onAxlExchange: options.onAxlExchange } : {});
  registerCucRoutes(app, deps);
  registerExpresswayRoutes(app, deps);
  registerPawsRoutes(app, deps);

  await app.listen({ host: options.host ?? '0.0.0.0', port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);
  let cli: Awaited<ReturnType<typeof startPlatformCliServer>>;
  try {
    cli = await startPlatformCliServer(deps, { host: options.host ?? '0.0.0.0', port: options.sshPort ?? 0 });
  } catch (error) {
    await app.close();
    throw error;
  }
  const scheme = certificate ? 'https' : 'http';

  let closing: Promise<void> | undefined;
  return {
    port,
    sshPort: cli.port,
    sshHostKeyFingerprint: cli.hostKeyFingerprint,
    url: `${scheme}://127.0.0.1:${port}`,
    ...(certificate ? { caPem: certificate.certPem } : {}),
    clusters: store,
    faults: controls.faults,
    latency: controls.latency,
    calls: controls.counter,
    deploymentMode: (clusterId) => {
      const cluster = store.get(clusterId);
      return cluster ? licenseMode.deploymentMode(cluster) : undefined;
    },
    nodeUrl: (nodeAddress) => `${scheme}://${nodeAddress.includes(':') ? `[${nodeAddress}]` : nodeAddress}:${port}`,
    close: () => {
      closing ??= (async () => {
        licenseMode.close();
        await cli.close();
        const closed = app.close();
        // 'timeout' faults hold requests open forever; drop them so close() returns.
        app.server.closeAllConnections();
        await closed;
        await cssm.close();
      })();
      return closing;
    },
  };
};
