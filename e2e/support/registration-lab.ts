import type { Server } from 'node:http';
import {
  CaaCommands,
  createEnvelope,
  ProvisioningEvents,
  RegistrationCommands,
  SyncCommands,
  applicationTypeOf,
  type ClusterProvisioning,
  type CustomerProvisioning,
  type Job,
} from '#libs/contracts';
import { CommandClient, connectNats, type NatsHandles } from '#libs/messaging';
import { generateKey } from '#libs/secrets';
import type { RunningService } from '#libs/service-kit';
import { createTestEnvironment, eventually, provisioningClusterOf, type TestEnvironment } from '#libs/testing';
import { startCssmSimulator, type CssmSimulator, type VirtualAccountScenario } from '#simulators/cssm';
import { clusterSnapshot, startUcAppsSimulator, type UcAppsSimulator, type UcClusterInput, type UcClusterSnapshot } from '#simulators/uc-apps';
import { startServices, testToken, type ServiceName } from './start-services.js';

export const DOMAIN = 'hcs-sp.example.com';
export const CLIENT = { clientId: 'hcmf', clientSecret: 'hcmf-secret' };
export const ADMIN = { username: 'ccmadmin', password: 'admin-secret' };
export const PLATFORM = { username: 'osadmin', password: 'platform-secret' };

/** A simulated UC cluster; nodes at 127.<a>.<b>.1 (publisher) and .2 (subscriber). */
export const ucCluster = (id: string, type: UcClusterInput['type'], block: number, extra: Partial<UcClusterInput> = {}): UcClusterInput => {
  const a = 80 + Math.floor(block / 250);
  const b = block % 250;
  return {
    id,
    customerId: 'customer-1',
    name: `${id} name`,
    type,
    version: type.startsWith('expressway') ? 'X14.0' : '12.5.1',
    licenseMode: 'HCS',
    credentials: { admin: ADMIN, platform: PLATFORM },
    nodes: [
      { hostname: `${id}-pub`, address: `127.${a}.${b}.1`, publisher: true },
      { hostname: `${id}-sub`, address: `127.${a}.${b}.2`, publisher: false },
    ],
    usage: [],
    ...extra,
  };
};

/** Route ids of the simulator that register a smart agent, per cluster type (fault target and call-count key). */
export const REGISTER_ROUTES = ['cucm.axl.register', 'cucm.axl.reregister', 'cuc.register', 'cer.cli.register', 'expressway.register'];

export interface RegistrationLabOptions {
  label: string;
  clusters: UcClusterInput[];
  /** The smart account's virtual accounts in CSSM: names, or whole scenarios (licenses, subscriptions). */
  virtualAccounts?: (string | VirtualAccountScenario)[];
  /** Services started beside the five the lab always runs (e.g. reporting). */
  extraServices?: ServiceName[];
  rebootMs?: number;
  env?: Record<string, string>;
  /** Application latency of the simulator (ms), for the benchmark. */
  latencyMs?: number;
  /** The smart account follows the global Transport Mode (Direct to the CSSM simulator) instead of its own Direct. */
  inheritTransport?: boolean;
}

export interface RegistrationLab {
  env: TestEnvironment;
  cssm: CssmSimulator;
  uc: UcAppsSimulator;
  services: Partial<Record<ServiceName, RunningService<unknown>>>;
  /** The lab's own NATS connection (the one it publishes provisioning events and sends commands on). */
  handles: NatsHandles;
  commands: CommandClient;
  /** A fetch to the gateway's /api/v1 with a token of the given roles (default operator). */
  api(path: string, init?: RequestInit & { roles?: string[]; json?: unknown }): Promise<Response>;
  provisionCustomer(customer: CustomerProvisioning): Promise<void>;
  /** Publishes the provisioning cluster of a simulated one and waits until registration and app-adapter know it. */
  provisionCluster(sim: UcClusterInput, overrides?: Partial<ClusterProvisioning>): Promise<void>;
  provisionClusters(sims: UcClusterInput[]): Promise<void>;
  /** The sync id of a virtual account, once registration knows it. */
  virtualAccountId(name: string): Promise<string>;
  /** Waits until every job is final (Succeeded or Failed) and returns them. */
  finalJobs(jobIds: string[], timeoutMs?: number): Promise<Job[]>;
  snapshot(clusterId: string): UcClusterSnapshot;
  registerCalls(clusterId: string): number;
  /** Kills a service: connections dropped without drain, no graceful shutdown of work in flight. */
  crash(name: ServiceName): Promise<void>;
  /** Starts a service (again), with extra environment when given. */
  start(name: ServiceName, env?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

const SERVICES: ServiceName[] = ['sync', 'app-adapter', 'license-mode', 'registration', 'gateway'];

/**
 * CSSM and UC-application simulators plus gateway, sync, license-mode, app-adapter and registration in this
 * process, with one smart account synced (its virtual accounts known to registration and license-mode).
 */
export const startRegistrationLab = async (options: RegistrationLabOptions): Promise<RegistrationLab> => {
  const env = await createTestEnvironment(options.label);
  const vas = (options.virtualAccounts ?? ['va-customer-1', 'va-customer-2']).map((va) => (typeof va === 'string' ? { name: va } : va));
  const serviceNames = [...SERVICES, ...(options.extraServices ?? [])];
  const cssm = await startCssmSimulator({ scenario: { smartAccounts: [{ domain: DOMAIN, name: 'HCS Service Provider', apiClients: [CLIENT], virtualAccounts: vas }] } });
  const uc = await startUcAppsSimulator({ scenario: { clusters: options.clusters }, cssmUrl: cssm.url, tls: true, rebootMs: options.rebootMs ?? 300, cssmTimeoutMs: 2_000 });
  if (options.latencyMs) uc.latency.set([{ route: '*', fixedMs: options.latencyMs }]);
  const extraEnv: Record<string, string> = {
    SMARTLIC_ENCRYPTION_KEYS: generateKey('test'),
    CSSM_CONNECT_TIMEOUT: '2s',
    CSSM_REQUEST_TIMEOUT: '2s',
    CSSM_RETRY_BASE_DELAY: '10ms',
    CSSM_RETRY_MAX_DELAY: '50ms',
    CAA_CONNECT_TIMEOUT_MS: '1s',
    CAA_REQUEST_TIMEOUT_MS: '5s',
    CAA_RETRY_BACKOFF_MS: '20',
    CAA_REBOOT_POLL_MS: '50',
    CAA_SSH_PORT: String(uc.sshPort),
    LICENSE_MODE_REBOOT_POLL_MS: '50',
    LICENSE_MODE_REBOOT_DEADLINE_MS: '20s',
    REGISTRATION_JOB_LEASE_MS: '1500ms',
    REGISTRATION_JOB_POLL_MS: '100ms',
    REGISTRATION_JOB_RETRY_MS: '200ms',
    REGISTRATION_JOB_MAX_ATTEMPTS: '8',
    REGISTRATION_LICENSE_MODE_TIMEOUT_MS: '25s',
    REGISTRATION_CAA_TIMEOUT_MS: '10s',
    ...options.env,
  };
  const services: Partial<Record<ServiceName, RunningService<unknown>>> = await startServices(env, serviceNames, extraEnv);
  const handles: NatsHandles = await connectNats({ url: env.natsUrl, name: `${options.label}-lab`, namespace: env.namespace });
  const commands = new CommandClient(handles);

  const publish = async (subject: string, type: string, data: unknown) => {
    const envelope = createEnvelope(type, 1, data);
    await handles.js.publish(handles.subjects.qualify(subject), JSON.stringify(envelope), { msgID: envelope.id });
  };

  const clusterOf = (sim: UcClusterInput, overrides: Partial<ClusterProvisioning> = {}): ClusterProvisioning => provisioningClusterOf(sim, uc, overrides);

  const provisionClusters = async (sims: UcClusterInput[], overrides: Partial<ClusterProvisioning> = {}) => {
    for (const sim of sims) await publish(ProvisioningEvents.clusterCreated.subject, ProvisioningEvents.clusterCreated.type, clusterOf(sim, overrides));
    await eventually(
      async () => {
        const ids = new Set(sims.map((s) => s.id));
        const found = await (services.registration as RunningService<unknown>).dataSource.query('SELECT count(*) AS n FROM cluster WHERE id = ANY($1::text[])', [[...ids]]);
        if (Number((found as { n: string }[])[0].n) !== ids.size) return false;
        for (const sim of sims) {
          const status = await commands.request(CaaCommands.status(applicationTypeOf(sim.type)), { clusterId: sim.id, source: 'last-known' });
          if (!status.known) return false;
        }
        return true;
      },
      { what: 'the clusters in registration and app-adapter', timeoutMs: 60_000 },
    );
  };

  // One Direct smart account against the CSSM simulator; its sync announces the virtual accounts.
  if (options.inheritTransport) {
    await commands.request(SyncCommands.setTransportMode, { transportMode: 'Direct', authenticationGateway: cssm.tokenUrl, cssmServer: cssm.apiBaseUrl });
    await commands.request(SyncCommands.createSmartAccount, { domain: DOMAIN, ...CLIENT });
  } else {
    await commands.request(SyncCommands.createSmartAccount, { domain: DOMAIN, ...CLIENT, transportMode: 'Direct', authenticationGateway: cssm.tokenUrl, cssmServer: cssm.apiBaseUrl });
  }

  const lab: RegistrationLab = {
    env,
    cssm,
    uc,
    services,
    handles,
    commands,
    api: async (path, init = {}) => {
      const { roles, json, ...rest } = init;
      const token = await testToken(roles ?? ['operator']);
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...((rest.headers as Record<string, string>) ?? {}) };
      if (json !== undefined) headers['content-type'] = 'application/json';
      return fetch(`${services.gateway!.url}/api/v1${path}`, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
    },
    provisionCustomer: async (customer) => {
      await publish(ProvisioningEvents.customerCreated.subject, ProvisioningEvents.customerCreated.type, customer);
      await eventually(async () => {
        const rows: unknown[] = await (services.registration as RunningService<unknown>).dataSource.query('SELECT 1 FROM customer WHERE id = $1 AND deleted_at IS NULL', [customer.id]);
        return rows.length === 1;
      }, { what: `customer ${customer.id}` });
      // app-adapter keeps a cluster only once its customer exists too (its customers come on their own consumer).
      const adapter = services['app-adapter'] as RunningService<unknown> | undefined;
      if (adapter)
        await eventually(async () => {
          const rows: unknown[] = await adapter.dataSource.query('SELECT 1 FROM customer WHERE customer_id = $1 AND deleted_at IS NULL', [customer.id]);
          return rows.length === 1;
        }, { what: `customer ${customer.id} in app-adapter` });
    },
    provisionCluster: (sim, overrides) => provisionClusters([sim], overrides),
    provisionClusters: (sims) => provisionClusters(sims),
    virtualAccountId: (name) =>
      eventually(
        async () => {
          const page = await commands.request(RegistrationCommands.listVirtualAccounts, { limit: 1000 });
          return page.items.find((va) => va.name === name)?.id;
        },
        { what: `virtual account ${name} in registration`, timeoutMs: 30_000 },
      ),
    finalJobs: (jobIds, timeoutMs = 60_000) =>
      eventually(
        async () => {
          const jobs: Job[] = [];
          for (const id of jobIds) {
            const job = await commands.request(RegistrationCommands.getJob, { id });
            if (job.status !== 'Succeeded' && job.status !== 'Failed') return undefined;
            jobs.push(job);
          }
          return jobs;
        },
        { what: `jobs ${jobIds.length} to finish`, timeoutMs, intervalMs: 100 },
      ),
    snapshot: (clusterId) => clusterSnapshot(uc.clusters, uc.clusters.get(clusterId)!),
    registerCalls: (clusterId) => REGISTER_ROUTES.reduce((n, route) => n + uc.calls.count(route, clusterId), 0),
    crash: async (name) => {
      const svc = services[name];
      if (!svc) return;
      delete services[name];
      // Each step bounded: a killed process does not wait for anything.
      const step = async (stop: () => unknown) => {
        await Promise.race([Promise.resolve().then(stop).catch(() => undefined), new Promise((r) => setTimeout(r, 3_000))]);
      };
      await step(() => svc.handles.nc.close());
      await step(() => svc.dataSource.destroy());
      await step(() => svc.relay.stop());
      await step(() => svc.app.close());
      // A killed process holds no listener. app.close() can still be waiting here for a handler whose query went to the
      // destroyed pool and never settles; its HTTP server would then listen until the end, and an in-band test run
      // (one process) would never exit.
      const server = svc.app.getHttpServer() as Server;
      server.closeAllConnections();
      server.close();
    },
    start: async (name, overrides = {}) => {
      Object.assign(services, await startServices(env, [name], { ...extraEnv, ...overrides }));
    },
    close: async () => {
      await handles.nc.close().catch(() => undefined);
      // Every running service, those added later by start() included, the last started first.
      for (const svc of Object.values(services).reverse()) await svc?.close().catch(() => undefined);
      await uc.close();
      await cssm.close();
      await env.cleanup();
    },
  };
  return lab;
};
