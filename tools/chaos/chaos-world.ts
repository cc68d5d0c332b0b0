import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { LicenseModeCommands, ProvisioningEvents, RegistrationCommands, STREAMS, SyncCommands, deadLetterSubject, type ClusterProvisioning } from '#libs/contracts';
import { CommandClient, connectNats, type NatsHandles } from '#libs/messaging';
import { encryptProvisioningPasswords, generateKey, generateProvisioningKeyPair } from '#libs/secrets';
import { provisioningClusterOf, startPrivateNats, startPrivatePostgres, type PrivateNats, type PrivatePostgres } from '#libs/testing';
import { createSelfSignedCertificate, generateClusters } from '#simulators/uc-apps';
import { ChaosSupervisor } from './chaos-supervisor.js';

export const log = (message: string): void => void process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

export const until = async (what: string, probe: () => Promise<boolean>, timeoutMs: number, intervalMs = 250): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      if (await probe()) return;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await sleep(intervalMs);
  }
};

export interface ChaosOptions {
  short: boolean;
  replicas: number;
  natsNodes: number;
  /** Clusters per assignment batch. */
  batch: number;
  /** Good and malformed provisioning events of the bad-input scenario. */
  goodEvents: number;
  badEvents: number;
  /** Size of the provisioning backlog scenario, in bytes. */
  backlogBytes: number;
  only?: string[];
}

export type SimCluster = ReturnType<typeof generateClusters>[number];

interface SimulatorsInfo {
  ucPort: number;
  sshPort: number;
  tokenUrl: string;
  apiBaseUrl: string;
}

const NAMESPACE = 'chaos';
/** A short lease, so a job whose owner died (or froze) is resumed within seconds, not a minute. */
export const JOB_LEASE_MS = 8_000;
const OPERATIONAL_VA = 'va-hcs-operational';

/**
 * Everything a scenario acts on: the private Postgres and NATS, the simulators' process, the services' supervisor, a
 * NATS client and a Postgres pool of the suite's own (the provisioning system and the operator's view).
 */
export class ChaosWorld {
  private nextCluster = 0;
  vaId = '';
  handles!: NatsHandles;
  commands!: CommandClient;
  db!: pg.Pool;
  sup!: ChaosSupervisor;
  private simChild!: ChildProcess;
  sim!: SimulatorsInfo;
  readonly simClusters: SimCluster[];
  private readonly provisioningKeys = generateProvisioningKeyPair('chaos');
  private caBundle = '';
  readonly logDir = join(tmpdir(), `smartlic-chaos-${process.pid}`);

  private constructor(
    readonly options: ChaosOptions,
    readonly postgres: PrivatePostgres,
    readonly nats: PrivateNats,
    totalClusters: number,
  ) {
    this.simClusters = generateClusters(totalClusters, { addressBase: '127.120.0.1', idPrefix: 'chaos' });
  }

  static async start(options: ChaosOptions, totalClusters: number): Promise<ChaosWorld> {
    const postgres = await startPrivatePostgres('chaos-pg');
    let nats: PrivateNats | undefined;
    try {
      nats = await startPrivateNats({ nodes: options.natsNodes, label: 'chaos-nats' });
      const world = new ChaosWorld(options, postgres, nats, totalClusters);
      await world.init();
      return world;
    } catch (error) {
      await nats?.close();
      await postgres.close();
      throw error;
    }
  }

  /** Characters of one certificate of the CA bundles the backlog scenario provisions. */
  get caCertificateChars(): number {
    return this.caBundle.length;
  }

  get databaseUrl(): string {
    return this.postgres.urlOf('smartlic_chaos');
  }

  private async init(): Promise<void> {
    const admin = new pg.Client({ connectionString: this.postgres.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE smartlic_chaos');
    await admin.end();
    log(`Postgres on 127.0.0.1:${this.postgres.port}, NATS ${this.nats.url}, logs in ${this.logDir}`);
    this.simChild = fork(new URL('./chaos-simulators.process.js', import.meta.url), [], { env: { ...process.env, CHAOS_CLUSTERS: String(this.simClusters.length) }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    this.sim = await new Promise<SimulatorsInfo>((resolve, reject) => {
      this.simChild.once('message', (m) => resolve(m as SimulatorsInfo));
      this.simChild.once('exit', (code) => reject(new Error(`simulators exited with ${code}`)));
    });
    // A CA bundle of many certificates: provisioning data of a real size (the backlog scenario's messages are ~100 KB).
    this.caBundle = (await createSelfSignedCertificate(['127.0.0.1'])).certPem;
    const env: Record<string, string> = {
      DATABASE_URL: this.databaseUrl,
      NATS_URL: this.nats.url,
      NATS_NAMESPACE: NAMESPACE,
      NATS_STREAM_REPLICAS: String(Math.min(3, this.options.natsNodes)),
      LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn',
      SMARTLIC_ENCRYPTION_KEYS: generateKey('chaos'),
      PROVISIONING_DECRYPTION_KEYS: this.provisioningKeys.privateJwks,
      PROVISIONING_REQUIRE_ENCRYPTED_CREDENTIALS: 'true',
      AUTH_MODE: 'local',
      AUTH_LOCAL_SECRET: randomUUID() + randomUUID(),
      CSSM_AUTH_GATEWAY_URL: this.sim.tokenUrl,
      CSSM_SERVER_URL: this.sim.apiBaseUrl,
      CAA_HTTP_SCHEME: 'http',
      CAA_SSH_PORT: String(this.sim.sshPort),
      CAA_USAGE_COLLECTION_INTERVAL_MS: '0',
      REGISTRATION_JOB_POLL_MS: '200ms',
      REGISTRATION_JOB_LEASE_MS: `${JOB_LEASE_MS}ms`,
      REGISTRATION_JOB_CONCURRENCY: '128',
      // A reply lost with its responder (app-adapter killed) or its connection (NATS restart) costs the job this wait
      // before it reads the cluster's state again: 2 min by default, 20 s here (the simulators answer in milliseconds)
      // so that a run fits CI. Recovery time in production is this setting.
      REGISTRATION_CAA_TIMEOUT_MS: process.env.CHAOS_CAA_TIMEOUT ?? '20s',
      // A reply lost with license-mode (killed while a job waited) costs one attempt, not the whole timeout: the job asks
      // again (license-mode joins or resumes the change, never makes it twice). The timeout stays the production 16 min
      // so that a job waiting it out would fail the kill -9 license-mode scenario (5 min limit).
      REGISTRATION_LICENSE_MODE_TIMEOUT_MS: process.env.CHAOS_LICENSE_MODE_TIMEOUT ?? '16m',
      REGISTRATION_LICENSE_MODE_ATTEMPT_MS: process.env.CHAOS_LICENSE_MODE_ATTEMPT ?? '10s',
    };
    this.sup = new ChaosSupervisor(env, this.logDir, this.options.replicas);
    const t0 = Date.now();
    await this.sup.start();
    log(`${this.sup.processes.length} service processes ready in ${round((Date.now() - t0) / 1000)} s`);
    this.handles = await connectNats({ url: this.nats.url, name: 'chaos-suite', namespace: NAMESPACE });
    this.commands = new CommandClient(this.handles);
    this.db = new pg.Pool({ connectionString: this.databaseUrl, max: 4 });
    // A Postgres restart breaks idle connections: the pool drops them and the next query opens a new one.
    this.db.on('error', () => undefined);
    await this.commands.request(SyncCommands.createSmartAccount, { domain: 'chaos.example.com', clientId: 'chaos', clientSecret: 'chaos-secret', transportMode: 'Direct', authenticationGateway: this.sim.tokenUrl, cssmServer: this.sim.apiBaseUrl });
    await until(
      'the operational virtual account in registration',
      async () => {
        this.vaId = (await this.commands.request(RegistrationCommands.listVirtualAccounts, { limit: 100 })).items.find((va) => va.name === OPERATIONAL_VA)?.id ?? '';
        return this.vaId !== '';
      },
      60_000,
    );
    await until('the HCS license mode of the VA', async () => (await this.commands.send(LicenseModeCommands.setVirtualAccount, { virtualAccountId: this.vaId, mode: 'HCS' })).ok, 60_000);
  }

  /** The next `n` simulated clusters no scenario used yet. */
  take(n: number): SimCluster[] {
    if (this.nextCluster + n > this.simClusters.length) throw new Error(`the simulators hold ${this.simClusters.length} clusters; ${this.nextCluster + n} asked`);
    const out = this.simClusters.slice(this.nextCluster, this.nextCluster + n);
    this.nextCluster += n;
    return out;
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    return Number(((await this.db.query(sql, params)).rows[0] as { n: string }).n);
  }

  /** cluster.created for each (and customer.created for their customers), as the provisioning system publishes them. */
  async provisioningMessages(clusters: readonly SimCluster[], options: { caBundleCopies?: number } = {}): Promise<{ subject: string; id: string; payload: string }[]> {
    const customers = [...new Set(clusters.map((c) => c.customerId ?? 'customer-0'))];
    const caPem = options.caBundleCopies ? this.caBundle.repeat(options.caBundleCopies) : undefined;
    const envelope = (type: string, data: unknown) => {
      const id = randomUUID();
      return { id, payload: JSON.stringify({ id, type, schemaVersion: 1, occurredAt: new Date().toISOString(), correlationId: id, data }) };
    };
    const { customerCreated, clusterCreated } = ProvisioningEvents;
    const out = customers.map((id) => ({ subject: customerCreated.subject, ...envelope(customerCreated.type, { id, name: id }) }));
    for (const c of clusters) {
      const data: ClusterProvisioning = provisioningClusterOf(c, { port: this.sim.ucPort, caPem }, { customerId: c.customerId ?? 'customer-0' });
      out.push({ subject: clusterCreated.subject, ...envelope(clusterCreated.type, await encryptProvisioningPasswords(data, this.provisioningKeys.publicJwk)) });
    }
    return out;
  }

  /** Acknowledged JetStream publishes, `window` in flight; a publish refused while NATS restarts is tried again. */
  async publish(messages: readonly { subject: string; id: string; payload: string }[], window = 128): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: window }, async () => {
        while (next < messages.length) {
          const m = messages[next++]!;
          for (let attempt = 1; ; attempt++) {
            try {
              await this.handles.js.publish(this.handles.subjects.qualify(m.subject), m.payload, { msgID: m.id, timeout: 10_000 });
              break;
            } catch (error) {
              if (attempt >= 30) throw error;
              await sleep(500);
            }
          }
        }
      }),
    );
  }

  /** Waits until registration and app-adapter both hold every cluster of the batch. */
  async awaitInventory(clusters: readonly SimCluster[], timeoutMs: number): Promise<void> {
    const ids = clusters.map((c) => c.id);
    await until(
      `${ids.length} clusters in registration's and app-adapter's inventories`,
      async () => {
        const [r, a] = await Promise.all([
          this.count('SELECT count(*) AS n FROM registration.cluster WHERE id = ANY($1) AND deleted_at IS NULL', [ids]),
          this.count('SELECT count(*) AS n FROM app_adapter.endpoint WHERE cluster_id = ANY($1)', [ids]),
        ]);
        return r === ids.length && a === ids.length;
      },
      timeoutMs,
      500,
    );
  }

  async assign(clusters: readonly SimCluster[]): Promise<string[]> {
    const reply = await this.commands.request(RegistrationCommands.assignClusters, { virtualAccountId: this.vaId, clusterIds: clusters.map((c) => c.id), trigger: 'manual' }, { timeoutMs: 60_000 });
    return reply.jobs.map((j) => j.jobId);
  }

  async jobCounts(jobIds: readonly string[]): Promise<{ done: number; failed: number; final: number }> {
    const row = (await this.db.query(
      `SELECT count(*) FILTER (WHERE status = 'Succeeded')::int AS done, count(*) FILTER (WHERE status = 'Failed')::int AS failed,
              count(*) FILTER (WHERE status IN ('Succeeded', 'Failed', 'Cancelled'))::int AS final FROM registration.job WHERE id = ANY($1::uuid[])`,
      [jobIds],
    )).rows[0] as { done: number; failed: number; final: number };
    return row;
  }

  /** Register calls per smart agent at the UC simulator (CUCM, Unity Connection, Emergency Responder: the publisher; Expressway: every node). */
  async registerCalls(): Promise<Map<string, number>> {
    const res = await fetch(`http://127.0.0.1:${this.sim.ucPort}/__admin/calls`);
    const { calls } = (await res.json()) as { calls: Record<string, { total: number; targets: Record<string, number> }> };
    const byCluster = new Map<string, number>();
    for (const [route, { targets }] of Object.entries(calls)) {
      if (!/\.(register|reregister)$/.test(route)) continue;
      for (const [cluster, n] of Object.entries(targets)) byCluster.set(cluster, (byCluster.get(cluster) ?? 0) + n);
    }
    return byCluster;
  }

  /** Dead letters per consumer (messages on `smartlic.dlq.<durable>` in the DEAD_LETTERS stream). */
  async deadLetters(durable: string): Promise<number> {
    const subject = this.handles.subjects.qualify(deadLetterSubject(durable));
    const info = await this.handles.jsm.streams.info(this.handles.subjects.stream(STREAMS.deadLetter), { subjects_filter: subject });
    return info.state.subjects?.[subject] ?? 0;
  }

  /** Outbox rows not yet published, per service schema. */
  async unpublished(): Promise<number> {
    let n = 0;
    for (const schema of ['registration', 'sync', 'license_mode', 'app_adapter', 'reporting']) n += await this.count(`SELECT count(*) AS n FROM ${schema}.outbox WHERE published_at IS NULL`);
    return n;
  }

  async close(): Promise<void> {
    await this.handles?.nc.close().catch(() => undefined);
    await this.db?.end().catch(() => undefined);
    await this.sup?.close();
    if (this.simChild && this.simChild.exitCode === null) {
      const exited = new Promise((r) => this.simChild.once('exit', r));
      this.simChild.send('close');
      await Promise.race([exited, sleep(10_000)]);
      if (this.simChild.exitCode === null) this.simChild.kill('SIGKILL');
    }
    await this.nats.close();
    await this.postgres.close();
  }
}
