import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { connect, headers as natsHeaders } from '@nats-io/transport-node';
import {
  ProvisioningCommands,
  ProvisioningEvents,
  REPORT_TYPES,
  type ClusterSummary,
  type Job,
  type LicenseManagementCluster,
  type LicenseManager,
  type ReportRun,
  type SmartAccountView,
  type VirtualAccountSummary,
  type VirtualAccountView,
} from '#libs/contracts';
import { encryptProvisioningPasswords, generateProvisioningKeyPair, type ProvisioningPublicJwk } from '#libs/secrets';
import { appAdapterConfigSchema } from '../../services/app-adapter/src/config/app-adapter.config.js';
import { GatewayClient, GatewayError } from './gateway-client.js';
import { COP_SERVER, startDemoLab, type DemoLab } from './demo-lab.js';
import { ensureInfrastructure, type DemoInfrastructure } from './demo-infrastructure.js';
import { table, type DemoOutput } from './demo-output.js';
import { startDemoServices } from './demo-services.js';
import { startTraceCollector } from './trace-collector.js';
import { reportConsistency } from './report-consistency.js';

export interface DemoOptions {
  scenarioPath: string;
  outDir: string;
  /** Postgres server of the demo (its database `database` is reset at each run). */
  databaseUrl: string;
  database: string;
  natsUrl: string;
  namespace: string;
  /** Env common to the six services (key ring, auth secret). */
  serviceEnv: Record<string, string>;
  authSecret: string;
  output: DemoOutput;
  /** How long auto-registration has to start a job for a provisioned cluster before the demo assigns them itself. */
  autoRegistrationGraceMs?: number;
  /**
   * Receive the services' spans on a local OTLP endpoint to show which services the printed trace went through
   * (default true; skipped when OTEL_EXPORTER_OTLP_ENDPOINT is already set: the spans go there).
   */
  collectTraces?: boolean;
  /** How the six services start; child processes from dist/ by default (the spec starts them in its process). */
  startServices?: (env: Record<string, string>, logDir: string) => Promise<DemoServiceHandle>;
  settleTimeoutMs?: number;
}

export interface DemoResult {
  ok: boolean;
  problems: string[];
  clusters: ClusterSummary[];
  reports: { type: string; file: string; bytes: number }[];
  /** The PLM rows of the reports (issue 17): License Managers and lines of the Service Inventory, clusters in HLM. */
  plm: ReturnType<typeof reportConsistency>['plm'];
  traceId: string | undefined;
  mode: 'auto-registration' | 'manual-assignment';
  gatewayUrl: string;
  /** Stops the services, the simulators and whatever the demo started (Postgres, NATS). */
  stop(): Promise<void>;
  /** Restarts the gateway process on the same port (the console's reconnect test); refused when the services cannot restart. */
  restartGateway(): Promise<void>;
}

/** The services as the demo uses them: the gateway's base URL, and a way to stop them all. */
export interface DemoServiceHandle {
  gatewayUrl: string;
  stop(): Promise<void>;
  /** Stops and starts one service again on the same port (child processes can; in-process services may not). */
  restart?(name: 'gateway'): Promise<void>;
}

/** The lab's smart account configuration: ordered and operational VAs, auto-registration to the operational one. */
const ORDERED_VA = 'va-hcs-ordered';
const OPERATIONAL_VA = 'va-hcs-operational';
const FAILED = new Set(['Auto Registration Failed', 'Manual Registration Failed', 'Deregistration Failed']);
const REGISTERED = new Set(['Auto Registered', 'Manually Registered']);
const FINAL_JOB = new Set(['Succeeded', 'Failed', 'Cancelled']);

/** A stable uuid (v5 layout) from a name, so a re-published provisioning event keeps its id. */
const stableUuid = (name: string): string => {
  const h = createHash('sha1').update(`smartlic-demo:${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
};

/** When app-adapter's first scheduled license usage collection runs after its start, by default (CAA_USAGE_COLLECTION_FIRST_RUN_DELAY_MS). */
const DEFAULT_FIRST_USAGE_COLLECTION_MS = appAdapterConfigSchema.shape.CAA_USAGE_COLLECTION_FIRST_RUN_DELAY_MS.parse(undefined);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

const poll = async <T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, intervalMs = 250): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await sleep(intervalMs);
  }
};

const settled = (c: ClusterSummary): boolean => c.status !== null && (REGISTERED.has(c.status) || FAILED.has(c.status)) && (!c.job || FINAL_JOB.has(c.job.status));

/**
 * The main job end to end (issue 9): lab simulators, Postgres and NATS, the six services, the smart account
 * configured through REST with operational licenses and auto-registration, the provisioning events published as an
 * integrator would, jobs followed until they settle, the summaries printed and the reports written to `outDir`.
 */
export const runDemo = async (options: DemoOptions): Promise<DemoResult> => {
  const out = options.output;
  const started = Date.now();
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch(() => undefined);
  };
  try {
    out.line('smartlic demo: the main job of HCM-F smart licensing, end to end against the simulated Cisco lab');
    const infra: DemoInfrastructure = await ensureInfrastructure({ databaseUrl: options.databaseUrl, database: options.database, natsUrl: options.natsUrl, namespace: options.namespace });
    stops.push(infra.stop);
    for (const note of infra.notes) out.line(`  ${note}`);

    const lab: DemoLab = await startDemoLab(options.scenarioPath);
    stops.push(lab.close);
    out.line(`  lab        ${options.scenarioPath}: CSSM + SSM On-Prem at ${lab.cssm.url}, ${lab.clusters.length} UC clusters (HTTPS) on port ${lab.ucApps.port}, Emergency Responder CLI (SSH) on port ${lab.ucApps.sshPort}${lab.plm ? `, ${lab.plm.state.values().length} Prime License Managers (HTTPS) on port ${lab.plm.port}` : ''}`);

    const external = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    const collector = options.collectTraces !== false && !external ? await startTraceCollector() : undefined;
    if (collector) stops.push(collector.close);
    const logDir = join(options.outDir, 'logs');
    const env: Record<string, string> = {
      // The demo plays a deployment that refuses clear passwords in provisioning events: its provisioning system
      // encrypts them with app-adapter's public key (step 3).
      PROVISIONING_DECRYPTION_KEYS: generateProvisioningKeyPair('demo').privateJwks,
      PROVISIONING_REQUIRE_ENCRYPTED_CREDENTIALS: 'true',
      ...options.serviceEnv,
      DATABASE_URL: infra.databaseUrl,
      NATS_URL: infra.natsUrl,
      NATS_NAMESPACE: options.namespace,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      AUTH_MODE: 'local',
      AUTH_LOCAL_SECRET: options.authSecret,
      ...(collector ? { OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint, OTEL_METRIC_EXPORT_INTERVAL: '60s' } : {}),
      CSSM_AUTH_GATEWAY_URL: lab.cssm.tokenUrl,
      CSSM_SERVER_URL: lab.cssm.apiBaseUrl,
      // The lab's publishers reboot in 1.5 s after a license mode change: ask again often.
      LICENSE_MODE_REBOOT_POLL_MS: '250ms',
      CAA_REBOOT_POLL_MS: '250ms',
      // Emergency Responder is driven over its platform CLI: the lab's SSH port.
      CAA_SSH_PORT: String(lab.ucApps.sshPort),
      // Releases without setDeploymentMode get the mode COP file from the lab's SFTP server (the simulator's port for it).
      CAA_COP_SFTP_SERVER: '127.0.0.1',
      CAA_COP_SFTP_DIRECTORY: COP_SERVER.directory,
      CAA_COP_SFTP_USER: COP_SERVER.user,
      CAA_COP_SFTP_PASSWORD: COP_SERVER.password,
      REGISTRATION_JOB_POLL_MS: '200ms',
      // A job whose run broke (e.g. Postgres refused a connection) resumes when its lease expires: 10 s, not 60 s.
      REGISTRATION_JOB_LEASE_MS: '10s',
    };
    const services = await (options.startServices ?? startDemoServices)(env, logDir);
    const servicesStarted = Date.now();
    stops.push(services.stop);
    out.line(`  services   sync, app-adapter, license-mode, registration, reporting, gateway ready in ${seconds(started)}; REST ${services.gatewayUrl}/api/v1, OpenAPI /api/docs on the gateway's MANAGEMENT_PORT, logs in ${logDir}`);

    const api = new GatewayClient(services.gatewayUrl, options.authSecret);

    // 1. Configure Smart Account Access (Direct, operational licenses, auto-registration) and the SSM On-Prem account.
    const cssmAccount = lab.scenario.cssm!.smartAccounts[0];
    const onPrem = lab.scenario.cssm!.onPremAccounts?.[0];
    const vaNames = cssmAccount.virtualAccounts.map((v) => v.name);
    for (const name of [ORDERED_VA, OPERATIONAL_VA]) if (!vaNames.includes(name)) throw new Error(`${options.scenarioPath}: the smart account has no virtual account ${name}`);
    out.line();
    out.line(`1. Configure Smart Account Access: ${cssmAccount.domain}, Direct, operational licenses ${ORDERED_VA} -> ${OPERATIONAL_VA}, auto-registration on`);
    await api.request('POST', '/smart-accounts', {
      name: cssmAccount.name,
      domain: cssmAccount.domain,
      clientId: cssmAccount.apiClients[0].clientId,
      clientSecret: cssmAccount.apiClients[0].clientSecret,
      transportMode: 'Direct',
      authenticationGateway: lab.cssm.tokenUrl,
      cssmServer: lab.cssm.apiBaseUrl,
      operationalLicenses: { opted: true, orderedVirtualAccount: ORDERED_VA, operationalVirtualAccount: OPERATIONAL_VA, autoRegistration: true },
    });
    if (onPrem) {
      const origin = new URL(lab.cssm.url);
      out.line(`   and the SSM On-Prem local account "${onPrem.name}" (transport mode Satellite)`);
      await api.request('POST', '/smart-accounts', {
        name: onPrem.name,
        clientId: onPrem.apiClients[0].clientId,
        clientSecret: onPrem.apiClients[0].clientSecret,
        transportMode: 'Satellite',
        satellite: { host: origin.hostname, port: Number(origin.port), registrationUrl: `${origin.origin}/SmartTransport`, tokenUrl: lab.cssm.onPremTokenUrl, localAccount: onPrem.name },
      });
    }
    const accounts = await poll('the smart accounts to sync', 60_000, async () => {
      const page = await api.get<{ items: SmartAccountView[] }>('/smart-accounts?limit=100');
      return page.items.every((a) => a.lastSyncStatus === 'Succeeded' || a.lastSyncStatus === 'Failed') && page.items.length > 0 ? page.items : undefined;
    });
    out.line(`   synced in ${seconds(started)}: ${accounts.map((a) => `${a.name} ${a.lastSyncStatus} (${a.virtualAccounts} VAs)`).join(', ')}`);

    // 2. The operational VA gets the HCS license mode (admin), as the guide asks before clusters are assigned to it.
    const operational = await poll(`${OPERATIONAL_VA} in the Virtual Account Summary`, 30_000, async () => {
      const page = await api.get<{ items: VirtualAccountView[] }>(`/virtual-accounts?name=${encodeURIComponent(OPERATIONAL_VA)}`);
      return page.items.find((v) => v.name === OPERATIONAL_VA);
    });
    await poll(`registration to know ${OPERATIONAL_VA}`, 30_000, async () => {
      try {
        await api.request('PUT', `/virtual-accounts/${operational.id}/license-mode`, { mode: 'HCS' });
        return true;
      } catch (error) {
        if (error instanceof GatewayError && error.status === 404) return undefined;
        throw error;
      }
    });
    out.line(`2. License mode of ${OPERATIONAL_VA}: HCS`);

    // 3. The provisioning system publishes customers and clusters (raw NATS client, envelope, Nats-Msg-Id = id).
    const traceIds = new Map<string, string>();
    let publicKeyId = '';
    const nc = await connect({ servers: infra.natsUrl.split(','), name: 'smartlic-demo-provisioning' });
    try {
      const js = jetstream(nc);
      // As an integrator: ask app-adapter for the deployment's public key, then send every password encrypted with it.
      const keyReply = (await nc.request(`${options.namespace}.${ProvisioningCommands.encryptionKey.subject}`, '{}', { timeout: 10_000 })).json<{ ok: boolean; data?: { keys: ProvisioningPublicJwk[] } }>();
      const publicKey = keyReply.data?.keys[0];
      if (!publicKey) throw new Error('app-adapter published no key for provisioning credentials');
      publicKeyId = publicKey.kid;
      const publish = async (def: { subject: string; type: string; schemaVersion?: number }, key: string, data: unknown) => {
        const id = stableUuid(`${def.type}:${key}:r1`);
        const traceId = randomBytes(16).toString('hex');
        traceIds.set(key, traceId);
        const h = natsHeaders();
        h.set('traceparent', `00-${traceId}-${randomBytes(8).toString('hex')}-01`);
        const envelope = { id, type: def.type, schemaVersion: def.schemaVersion ?? 1, occurredAt: new Date().toISOString(), correlationId: id, causationId: null, data };
        await js.publish(`${options.namespace}.${def.subject}`, JSON.stringify(envelope), { msgID: id, headers: h });
      };
      for (const customer of lab.customers) await publish(ProvisioningEvents.customerCreated, customer.id, await encryptProvisioningPasswords(customer, publicKey));
      for (const cluster of lab.clusters) await publish(ProvisioningEvents.clusterCreated, cluster.id, await encryptProvisioningPasswords(cluster, publicKey));
    } finally {
      await nc.close();
    }
    out.line(`3. Published ${lab.customers.length} customers and ${lab.clusters.length} clusters on hcs.provisioning.v1.{customer,cluster}.created, every password encrypted with app-adapter's public key ${publicKeyId} (cucm-customer-3 with the admin password the lab changed on the box)`);

    const listClusters = async () => (await api.get<{ items: ClusterSummary[] }>('/clusters?limit=1000&eligible=all')).items;
    await poll('registration to store every provisioned cluster', 60_000, async () => ((await listClusters()).length >= lab.clusters.length ? true : undefined));

    // 4. Auto-registration starts an Assign Cluster job per eligible cluster; without it, the demo assigns them itself.
    let mode: DemoResult['mode'] = 'auto-registration';
    let assignTrace: string | undefined;
    const graceMs = options.autoRegistrationGraceMs ?? 20_000;
    const autoStarted = await poll('auto-registration', graceMs, async () => ((await listClusters()).some((c) => c.job !== null || c.status !== null) ? true : undefined)).catch(() => false);
    if (!autoStarted) {
      mode = 'manual-assignment';
      const eligible = (await listClusters()).filter((c) => c.eligible).map((c) => c.id);
      out.line(`4. Auto-registration started no job within ${graceMs / 1000} s (registration has no auto-registration yet):`);
      out.line(`   assigning the ${eligible.length} eligible clusters to ${OPERATIONAL_VA} through POST /api/v1/virtual-accounts/${operational.id}/clusters instead`);
      const res = await api.request('POST', `/virtual-accounts/${operational.id}/clusters`, { clusterIds: eligible });
      assignTrace = res.traceId;
    } else {
      out.line(`4. Auto-registration to ${OPERATIONAL_VA} started`);
    }

    // 5. Wait until every cluster settles, showing progress.
    const settleStarted = Date.now();
    let lastLine = 0;
    // 11.x clusters (customers 4 and 5) are not eligible for smart licensing: they are licensed through PLM.
    const clusters = await poll('every cluster to settle', options.settleTimeoutMs ?? 300_000, async () => {
      const all = await listClusters();
      const items = all.filter((c) => c.eligible);
      const done = items.filter(settled);
      if (Date.now() - lastLine >= 2_000 || done.length === items.length) {
        lastLine = Date.now();
        const registered = done.filter((c) => REGISTERED.has(c.status!)).length;
        out.line(`   ${seconds(settleStarted).padStart(7)}  ${done.length}/${items.length} clusters settled (${registered} registered, ${done.length - registered} failed, ${items.length - done.length} in progress)`);
      }
      return done.length === items.length ? all : undefined;
    }, 500);
    const forPlm = clusters.filter((c) => !c.eligible);
    if (forPlm.length) out.line(`   ${forPlm.length} clusters of 11.x or earlier are not eligible for smart licensing (licensed through PLM): ${forPlm.map((c) => c.id).join(', ')}`);

    // 5. The 11.x clusters are licensed through the lab's Prime License Manager, as an operator does it in License
    //    Management: add the License Manager, assign its customers, then their clusters (jobs).
    const plmStep = lab.plm && forPlm.length ? await licenseThroughPlm(api, lab, forPlm, out) : undefined;

    // 6. What the reports need: usage collected from the registered clusters (app-adapter's daily collection, whose
    //    first run comes shortly after start), CSSM's consumption after a sync, and the ordered subscription mapped to
    //    a customer (Subscription Mapper).
    const cssmView = (await api.get<{ items: SmartAccountView[] }>('/smart-accounts?limit=100')).items.find((a) => a.domain === cssmAccount.domain)!;
    await api.request('POST', `/smart-accounts/${cssmView.id}/sync`);
    const orderedSubscriptions = [...new Set(cssmAccount.virtualAccounts.find((v) => v.name === ORDERED_VA)!.licenses.flatMap((l) => l.licenseDetails.map((d) => d.subscriptionId)).filter((id): id is string => !!id))];
    for (const subscriptionId of orderedSubscriptions) {
      await poll(`subscription ${subscriptionId} in the Subscription Mapper`, 30_000, async () => {
        try {
          await api.request('PUT', `/subscriptions/${encodeURIComponent(subscriptionId)}/mapping`, { customerId: lab.customers[0].id, licenseModel: 'Named User' });
          return true;
        } catch (error) {
          if (error instanceof GatewayError && error.status === 404) return undefined;
          throw error;
        }
      });
      out.line(`6. Subscription Mapper: ordered subscription ${subscriptionId} mapped to ${lab.customers[0].name} (Named User)`);
    }
    const withUsage = new Set(lab.scenario.ucApps!.clusters.filter((c) => c.usage.length > 0).map((c) => c.name));
    const expectedUsage = clusters.filter((c) => c.status && REGISTERED.has(c.status) && withUsage.has(c.name)).map((c) => c.name);
    // The demo sets no usage option: it waits for app-adapter's first scheduled collection with the default settings.
    const untilFirstRun = servicesStarted + DEFAULT_FIRST_USAGE_COLLECTION_MS - Date.now();
    if (untilFirstRun > 0) {
      out.line(`   waiting ${Math.ceil(untilFirstRun / 1000)} s for app-adapter's first scheduled license usage collection (${DEFAULT_FIRST_USAGE_COLLECTION_MS / 1000} s after start, then daily)`);
      await sleep(untilFirstRun);
    }
    await poll('license usage of every registered cluster in the HLM report', 60_000, async () => {
      const { bytes } = await generateReport(api, 'hlm-csv');
      const text = bytes.toString('utf8');
      return expectedUsage.every((name) => text.includes(name)) ? true : undefined;
    }, 1_000);
    await poll('the smart account sync after registration', 60_000, async () => {
      const a = await api.get<SmartAccountView>(`/smart-accounts/${cssmView.id}`);
      return a.lastSyncStatus !== 'In Progress' && a.lastSyncAt !== cssmView.lastSyncAt ? a : undefined;
    });
    if (plmStep) {
      // registration's PLM audit publishes plm-inventory.reported shortly after the assignments; reporting keeps it.
      await poll('the PLM inventory in the Service Inventory and HLM reports', 60_000, async () => {
        const inventory = (await generateReport(api, 'service-inventory')).bytes.toString('utf8');
        const hlm = (await generateReport(api, 'hlm-csv')).bytes.toString('utf8');
        const plmRows = reportConsistency(new Map([['service-inventory', inventory], ['hlm-csv', hlm]]), []).plm;
        return plmRows.licenseManagers > 0 && plmRows.clusters === plmStep.withUsage ? true : undefined;
      }, 1_000);
    }
    out.line(`7. License usage collected by app-adapter's scheduled collection from ${expectedUsage.length} registered clusters in ${seconds(servicesStarted)} after start; ${cssmAccount.domain} synced again for CSSM's consumption`);

    // 7. The summaries an operator looks at.
    const smartAccounts = (await api.get<{ items: SmartAccountView[] }>('/smart-accounts?limit=100')).items;
    out.line(table('Smart Account Summary', smartAccounts.map((a) => ({ Name: a.name, Domain: a.domain, Type: a.type, Status: a.status, 'Transport Mode': a.transportMode, 'VA#': a.virtualAccounts, 'Operational VA': a.operationalLicenses.operationalVirtualAccount, 'Auto Registration': a.operationalLicenses.autoRegistration ? 'Enabled' : 'Disabled', 'Last SyncUp': a.lastSyncAt?.slice(0, 19), 'Sync Status': a.lastSyncStatus })), ['Name', 'Domain', 'Type', 'Status', 'Transport Mode', 'VA#', 'Operational VA', 'Auto Registration', 'Last SyncUp', 'Sync Status']));
    const vas = (await api.get<{ items: VirtualAccountView[] }>('/virtual-accounts?limit=1000')).items;
    const vaRows = [];
    for (const va of vas) {
      const assignments = await api.get<VirtualAccountSummary>(`/virtual-accounts/${va.id}/assignments`).catch(() => undefined);
      vaRows.push({ 'Virtual Account': va.name, 'Smart Account': va.smartAccountName, Type: va.smartAccountType, 'License Mode': assignments?.licenseMode, 'Clusters#': assignments?.clusters ?? va.clusters, 'Customers#': assignments?.customers ?? va.customers, Default: va.isDefault ? 'yes' : '', Description: va.description });
    }
    out.line(table('Virtual Account Summary', vaRows, ['Virtual Account', 'Smart Account', 'Type', 'License Mode', 'Clusters#', 'Customers#', 'Default', 'Description']));
    out.line(table('Cluster Summary', clusters.map((c) => ({ Cluster: c.name, Type: c.type, Version: c.version, Customer: c.customerName ?? c.customerId, 'Virtual Account': c.virtualAccount, Status: c.status, Job: c.job ? `${c.job.jobType} ${c.job.status}` : null, Code: c.job?.errorCode })), ['Cluster', 'Type', 'Version', 'Customer', 'Virtual Account', 'Status', 'Job', 'Code']));
    if (plmStep) {
      const plmClusters = (await api.get<{ items: LicenseManagementCluster[] }>('/license-management/clusters?limit=1000')).items;
      out.line(table('License Management Summary', plmClusters.map((c) => ({ Cluster: c.name, Type: c.type, Version: c.version, Customer: c.customerName ?? c.customerId, 'License Manager': c.licenseManager, Status: c.status, Job: c.job ? `${c.job.jobType} ${c.job.status}` : null, Code: c.job?.errorCode })), ['Cluster', 'Type', 'Version', 'Customer', 'License Manager', 'Status', 'Job', 'Code']));
    }
    for (const c of clusters.filter((x) => x.status && FAILED.has(x.status))) {
      const info = c.job?.statusInfo ?? '';
      out.line(`  ${c.name} (${c.id}): ${c.status}, ${c.job?.errorCode && !info.startsWith(c.job.errorCode) ? `${c.job.errorCode}: ` : ''}${info}`);
      out.line(`    recommended action: ${c.job?.recommendedAction ?? '-'}`);
    }

    // 8. Reports as jobs, downloaded through the gateway into outDir.
    mkdirSync(options.outDir, { recursive: true });
    out.line();
    out.line(`Reports (POST /api/v1/reports, GET /api/v1/reports/{id}/content) in ${options.outDir}:`);
    const reports: DemoResult['reports'] = [];
    const texts = new Map<string, string>();
    for (const type of REPORT_TYPES) {
      const { run, bytes } = await generateReport(api, type);
      const file = join(options.outDir, run.fileName);
      writeFileSync(file, bytes);
      reports.push({ type, file, bytes: bytes.length });
      if (!run.contentType.includes('spreadsheet')) texts.set(type, bytes.toString('utf8'));
      const rows = run.contentType.includes('spreadsheet') ? '' : `, ${bytes.toString('utf8').split(/\r?\n/).filter((l) => l.trim() !== '').length - 1} rows`;
      out.line(`  ${type.padEnd(17)} ${file} (${bytes.length} bytes${rows})`);
    }

    const consistency = reportConsistency(texts, expectedUsage);
    out.line(`  ${consistency.summary}`);

    // 9. One auto-registration's trace: the provisioning event's W3C trace, continued by every service it reached.
    const example = clusters.find((c) => c.status && REGISTERED.has(c.status)) ?? clusters[0];
    const traceId = mode === 'auto-registration' ? traceIds.get(example.id) : assignTrace;
    out.line();
    out.line(
      mode === 'auto-registration'
        ? `Trace of the auto-registration of ${example.name}: ${traceId} (the traceparent of its provisioning event; job correlation ${example.job?.correlationId ?? '-'})`
        : `Trace of the assignment of the clusters (POST /virtual-accounts/{id}/clusters): ${traceId ?? '-'}`,
    );
    if (collector && traceId) {
      // Spans leave the services in batches (every 5 s): wait until the UC application call of the trace arrived.
      const spans = await poll('the spans of the trace', 12_000, async () => {
        const found = collector.spansOf(traceId);
        return found.some((sp) => sp.service === 'app-adapter') ? found : undefined;
      }).catch(() => collector.spansOf(traceId));
      const byService = new Map<string, number>();
      for (const sp of spans) byService.set(sp.service, (byService.get(sp.service) ?? 0) + 1);
      out.line(
        spans.length
          ? `  ${spans.length} spans in ${[...byService].map(([service, n]) => `${service} (${n})`).join(', ')}, received on the demo's OTLP endpoint`
          : "  no span of this trace reached the demo's OTLP endpoint",
      );
      // Say what the trace shows, not what it should: whether the registration call to the application is in it.
      if (spans.length && !spans.some((sp) => sp.service === 'app-adapter' && /\.register (handle|process)$/.test(sp.name)))
        out.line("  the registration job's calls to the UC application are not in this trace: each job step starts a trace of its own");
    } else if (external) {
      out.line(`  spans exported to ${external}`);
    }
    out.line('  with OTEL_EXPORTER_OTLP_ENDPOINT set, the services export their spans there (docker-compose --profile observability: Jaeger on :16686)');

    // The outcome the lab is built for: every healthy cluster registered, cucm-customer-3 failed with its code.
    const problems: string[] = [];
    const expectedFailure = 'cucm-customer-3';
    const expectedStatus = mode === 'auto-registration' ? 'Auto Registered' : 'Manually Registered';
    for (const c of clusters) {
      if (!c.eligible) {
        if (c.virtualAccount || (c.status && REGISTERED.has(c.status))) problems.push(`${c.id} (${c.version}) is registered to ${c.virtualAccount}: an 11.x cluster is licensed through PLM, not smart licensing`);
      } else if (c.id === expectedFailure) {
        if (!c.status || !FAILED.has(c.status) || !c.job?.errorCode) problems.push(`${c.id} should have failed with an error code (wrong admin password), but is ${c.status}`);
      } else if (c.status !== expectedStatus) {
        problems.push(`${c.id} is ${c.status}${c.job?.errorCode ? ` (${c.job.errorCode}: ${c.job.statusInfo})` : ''}, expected ${expectedStatus}`);
      }
    }
    problems.push(...consistency.problems);
    if (plmStep) {
      problems.push(...plmStep.problems);
      if (consistency.plm.clusters !== plmStep.withUsage) problems.push(`the reports have ${consistency.plm.clusters} PLM clusters, expected ${plmStep.withUsage} (the assigned clusters with usage at PLM)`);
    }
    out.line();
    out.line(
      problems.length === 0
        ? `Done in ${seconds(started)}: ${clusters.length - forPlm.length - 1} clusters ${expectedStatus}, ${expectedFailure} ${clusters.find((c) => c.id === expectedFailure)?.status} (${clusters.find((c) => c.id === expectedFailure)?.job?.errorCode})${forPlm.length ? `, ${forPlm.length} 11.x clusters ${plmStep ? `assigned to License Manager ${plmStep.hostname}` : 'left to PLM'}` : ''}.`
        : `Finished in ${seconds(started)} with ${problems.length} unexpected outcome(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    const restartGateway = async (): Promise<void> => {
      if (!services.restart) throw new Error('these demo services cannot restart the gateway');
      await services.restart('gateway');
    };
    return { ok: problems.length === 0, problems, clusters, reports, plm: consistency.plm, traceId, mode, gatewayUrl: services.gatewayUrl, stop, restartGateway };
  } catch (error) {
    await stop();
    throw error;
  }
};

/**
 * License Management through the gateway: the lab's licensed PLM added (`POST /license-managers`, validated on PLM,
 * set to HCS mode), each 11.x customer assigned to it, then its clusters as "Assign Cluster to PLM" jobs, followed
 * until they end. The demo-mode PLM of the lab is left out: adding it is refused (PLM_DEMO_MODE).
 */
const licenseThroughPlm = async (api: GatewayClient, lab: DemoLab, forPlm: ClusterSummary[], out: DemoOutput): Promise<{ hostname: string; withUsage: number; problems: string[] }> => {
  const plm = lab.plm!;
  // The lab's licensed PLM (a PLM without licenses is in demo mode): its address and OS admin from the scenario.
  const target = lab.scenario.plm?.plms.find((p) => Object.values(p.licenses).some((n) => (n ?? 0) > 0));
  if (!target) throw new Error('the lab has no licensed Prime License Manager (every PLM is in demo mode)');
  const started = Date.now();
  const added = await api.request<LicenseManager>('POST', '/license-managers', { hostname: target.address, port: plm.port, username: target.osAdmin.username, password: target.osAdmin.password, tls: { caPem: plm.caPem } });
  const lm = added.body;
  out.line(`5. License Manager ${lm.hostname}:${lm.port} added (POST /api/v1/license-managers: PLM ${lm.version}, license mode ${lm.licenseMode})`);
  const customerIds = [...new Set(forPlm.map((c) => c.customerId))];
  for (const customerId of customerIds) await api.request('POST', `/license-managers/${lm.id}/customers`, { customerId });
  const assigned = await api.request<{ jobs: { clusterId: string; jobId: string }[] }>('POST', `/license-managers/${lm.id}/assign`, { clusterIds: forPlm.map((c) => c.id) });
  const jobs = await poll('the Assign Cluster to PLM jobs', 60_000, async () => {
    const all = await Promise.all(assigned.body.jobs.map((j) => api.get<Job>(`/jobs/${j.jobId}`)));
    return all.every((j) => FINAL_JOB.has(j.status)) ? all : undefined;
  }, 250);
  const problems = jobs.filter((j) => j.status !== 'Succeeded').map((j) => `Assign Cluster to PLM of ${j.entityId} ${j.status}${j.errorCode ? ` (${j.errorCode}: ${j.statusInfo})` : ''}`);
  out.line(`   customers ${customerIds.join(', ')} assigned (POST …/customers), ${jobs.length - problems.length}/${jobs.length} clusters assigned (POST …/${lm.id}/assign, Assign Cluster to PLM jobs) in ${seconds(started)}`);
  // The clusters that report usage at PLM (the scenario's clusterUsage, by cluster id) are the ones the reports show.
  const withUsage = forPlm.filter((c) => Object.values(target.clusterUsage[c.id] ?? {}).some((n) => (n ?? 0) > 0)).length;
  return { hostname: lm.hostname, withUsage, problems };
};

/** One report as a job (POST /reports), waited for and downloaded (GET /reports/{id}/content). */
const generateReport = async (api: GatewayClient, type: string): Promise<{ run: ReportRun; bytes: Buffer }> => {
  const requested = await api.request<ReportRun>('POST', '/reports', { type });
  const run = await poll(`the ${type} report`, 120_000, async () => {
    const r = await api.get<ReportRun>(`/reports/${requested.body.id}`);
    return r.status === 'Succeeded' || r.status === 'Failed' ? r : undefined;
  });
  if (run.status !== 'Succeeded') throw new Error(`the ${type} report failed: ${run.errorCode ?? ''} ${run.statusInfo ?? ''}`);
  return { run, bytes: (await api.download(`/reports/${run.id}/content`)).bytes };
};
