import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AckPolicy } from '@nats-io/jetstream';
import type { Msg } from '@nats-io/nats-core';
import {
  allStreamDefinitions,
  CaaCommands,
  CONSUMERS,
  createEnvelope,
  deadLetterSubject,
  JobEvents,
  LicenseModeCommands,
  ProvisioningCommands,
  ProvisioningEvents,
  RegistrationCommands,
  RegistrationEvents,
  ReportingCommands,
  SMARTLIC_EVENT_DEFINITIONS,
  SyncCommands,
  STREAMS,
  SyncEvents,
  type ConsumerDefinition,
} from '#libs/contracts';
import { connectNats, DLQ_HEADERS, ensureConsumer, ensureStreams, StreamNotProvisionedError, type NatsHandles } from '#libs/messaging';
import { encryptProvisioningPasswords, generateKey, generateProvisioningKeyPair, type ProvisioningPublicJwk } from '#libs/secrets';
import { startService, type RunningService } from '#libs/service-kit';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';
import { appAdapterService } from '../../../services/app-adapter/src/app-adapter.service-definition.js';
import { gatewayService } from '../../../services/gateway/src/gateway.service-definition.js';
import { licenseModeService } from '../../../services/license-mode/src/license-mode.service-definition.js';
import { registrationService } from '../../../services/registration/src/registration.service-definition.js';
import { reportingService } from '../../../services/reporting/src/reporting.service-definition.js';
import { syncService } from '../../../services/sync/src/sync.service-definition.js';
import { consumersOf, eventsOf, renderNatsConfig, SERVICE_PERMISSIONS, STREAM_PROVISIONER } from '../nats-permissions.js';

const CONFIG = 'deploy/nats/nats.conf';
const password = (user: string) => `pw-${user}`;
const USERS = [...SERVICE_PERMISSIONS.map((p) => p.service), 'provisioning', STREAM_PROVISIONER, 'admin'];
const VIOLATION = /permissions violation/i;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const waitForPort = async (port: number): Promise<void> => {
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = tcpConnect(port, '127.0.0.1', () => resolve(!!socket.end()));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nats-server did not listen on ${port}`);
};

// A filter subject matches a contract subject (`*` one token, `>` the rest).
const matches = (filter: string, subject: string): boolean => {
  const f = filter.split('.');
  const s = subject.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return s.length > i;
    if (f[i] !== '*' && f[i] !== s[i]) return false;
  }
  return f.length === s.length;
};
const KNOWN_SUBJECTS = [...Object.values(ProvisioningEvents), ...SMARTLIC_EVENT_DEFINITIONS].map((e) => e.subject);

/** Subscribes and resolves with the server's refusal (a permissions violation), or with the first message. */
const subscribeOutcome = (h: NatsHandles, subject: string): Promise<Error | Msg> =>
  new Promise((resolve) => {
    h.nc.subscribe(subject, { callback: (err, msg) => resolve(err ?? msg) });
    void h.nc.flush();
  });

/**
 * The generated NATS configuration, run by a private nats-server (the machine's 2.9 or NATS_SERVER_BIN), used by
 * libs/messaging as each service uses it: what each user needs works, and every action outside its role is refused.
 */
describe('deploy/nats/nats.conf: least privilege', () => {
  let server: ChildProcess;
  let storeDir: string;
  let url: string;
  const open: NatsHandles[] = [];
  const connectAs = async (user: string) => {
    const handles = await connectNats({ url, name: `nats-config-spec-${user}`, user, pass: password(user) });
    open.push(handles);
    return handles;
  };

  beforeAll(async () => {
    storeDir = mkdtempSync(join(tmpdir(), 'smartlic-nats-'));
    const port = await freePort();
    const monitor = await freePort();
    const env = { ...process.env, ...Object.fromEntries(USERS.map((u) => [`NATS_PASSWORD_${u.toUpperCase().replace(/-/g, '_')}`, password(u)])) };
    server = spawn(process.env.NATS_SERVER_BIN ?? 'nats-server', ['-c', CONFIG, '-a', '127.0.0.1', '-p', String(port), '-m', String(monitor), '-sd', storeDir], { env, stdio: 'ignore' });
    url = `nats://127.0.0.1:${port}`;
    await waitForPort(port);
  });

  afterAll(async () => {
    for (const h of open) await h.nc.close().catch(() => undefined);
    // Wait for nats-server to exit: it writes to the store until then.
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill();
      await exited;
    }
    if (storeDir) rmSync(storeDir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('is the committed output of `npm run nats-config`', () => {
    expect(readFileSync(CONFIG, 'utf8')).toBe(renderNatsConfig());
  });

  it('leaves stream creation to the stream-provisioner: a service waits for it, then names the missing stream', async () => {
    const registration = await connectAs('registration');
    const error = await ensureStreams(registration.jsm, registration.subjects, undefined, { waitForProvisionerMs: 300 }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(StreamNotProvisionedError);
    expect((error as Error).message).toContain(STREAMS.provisioning);

    const provisioner = await connectAs(STREAM_PROVISIONER);
    await ensureStreams(provisioner.jsm, provisioner.subjects, undefined, { waitForProvisionerMs: 0 });
    for (const def of allStreamDefinitions()) expect((await provisioner.jsm.streams.info(def.name)).config.subjects).toEqual(expect.arrayContaining(def.subjects));
    // Provisioned: every service's start-up check passes without creating anything.
    for (const { service } of SERVICE_PERMISSIONS) {
      const h = await connectAs(service);
      await expect(ensureStreams(h.jsm, h.subjects, undefined, { waitForProvisionerMs: 0 })).resolves.toBeUndefined();
    }
  });

  it.each(SERVICE_PERMISSIONS.map((p) => p.service))('lets %s create its durable consumers, pull and acknowledge on its own inbox', async (service) => {
    const handles = await connectAs(service);
    const consumers = consumersOf(service);
    for (const def of consumers) await ensureConsumer(handles.jsm, handles.subjects, def);
    for (const def of consumers) expect((await handles.jsm.consumers.info(def.stream, def.durable)).config.ack_policy).toBe(AckPolicy.Explicit);

    const pullable = consumers.find((c) => KNOWN_SUBJECTS.some((s) => matches(c.filterSubject, s)));
    if (pullable) {
      const admin = await connectAs('admin');
      const subject = KNOWN_SUBJECTS.find((s) => matches(pullable.filterSubject, s)) as string;
      await admin.js.publish(subject, JSON.stringify({ probe: service }));
      const consumer = await handles.js.consumers.get(pullable.stream, pullable.durable);
      const msg = await consumer.next({ expires: 5_000 });
      expect(msg?.subject).toBe(subject);
      await msg?.ackAck();
    }
  });

  it.each(SERVICE_PERMISSIONS.filter((p) => eventsOf(p).length > 0).map((p) => [p.service, p] as const))('lets %s publish each of its own events', async (_service, p) => {
    const handles = await connectAs(p.service);
    const jetStreamEvents = eventsOf(p).filter((s) => SMARTLIC_EVENT_DEFINITIONS.some((e) => e.subject === s));
    for (const subject of jetStreamEvents) expect((await handles.js.publish(subject, '{}')).stream).toBe(STREAMS.events);
  });

  it("refuses a service another service's events, even those of a service it sends commands to", async () => {
    const admin = await connectAs('admin');
    const before = (await admin.jsm.streams.info(STREAMS.events)).state.messages;
    const gateway = await connectAs('gateway');
    await expect(gateway.js.publish(RegistrationEvents.clusterRemoved.subject, '{}', { timeout: 2_000 })).rejects.toThrow(VIOLATION);
    const licenseMode = await connectAs('license-mode');
    await expect(licenseMode.js.publish(RegistrationEvents.vaAssignmentsChanged.subject, '{}', { timeout: 2_000 })).rejects.toThrow(VIOLATION);
    const reporting = await connectAs('reporting');
    await expect(reporting.js.publish(SyncEvents.virtualAccountRemoved.subject, '{}', { timeout: 2_000 })).rejects.toThrow(VIOLATION);
    const appAdapter = await connectAs('app-adapter');
    await expect(appAdapter.js.publish(JobEvents.updated.subject, '{}', { timeout: 2_000 })).rejects.toThrow(VIOLATION);
    expect((await admin.jsm.streams.info(STREAMS.events)).state.messages).toBe(before);
  });

  it('refuses every service stream management: no update, create or delete, and the stream keeps its limits', async () => {
    const admin = await connectAs('admin');
    const before = (await admin.jsm.streams.info(STREAMS.provisioning)).config;
    for (const { service } of SERVICE_PERMISSIONS) {
      const h = await connectAs(service);
      await expect(h.jsm.streams.update(STREAMS.provisioning, { ...before, max_msgs: 1 })).rejects.toThrow(VIOLATION);
      await expect(h.jsm.streams.add({ name: `ROGUE_${service.replace(/-/g, '_')}`, subjects: [`rogue.${service}.>`] })).rejects.toThrow(VIOLATION);
      await expect(h.jsm.streams.delete(STREAMS.deadLetter)).rejects.toThrow(VIOLATION);
    }
    const after = (await admin.jsm.streams.info(STREAMS.provisioning)).config;
    expect(after.max_msgs).toBe(before.max_msgs);
    expect((await admin.jsm.streams.list().next()).map((s) => s.config.name).sort()).toEqual([STREAMS.provisioning, STREAMS.deadLetter, STREAMS.events].sort());
  });

  it("refuses a service another service's durable consumer: create, pull, acknowledge or delete", async () => {
    const registration = await connectAs('registration');
    const theirs = consumersOf('registration')[0] as ConsumerDefinition;
    await ensureConsumer(registration.jsm, registration.subjects, theirs);
    const sync = await connectAs('sync');
    await expect(ensureConsumer(sync.jsm, sync.subjects, { ...theirs })).rejects.toThrow(VIOLATION);
    await expect(sync.jsm.consumers.delete(theirs.stream, theirs.durable)).rejects.toThrow(VIOLATION);
    await expect(sync.nc.request(`$JS.API.CONSUMER.MSG.NEXT.${theirs.stream}.${theirs.durable}`, '{"batch":1}', { timeout: 2_000 })).rejects.toThrow(VIOLATION);
    await expect(registration.jsm.consumers.delete(theirs.stream, theirs.durable)).rejects.toThrow(VIOLATION);
  });

  it('carries a command from its caller to the service that answers it, the reply on the caller’s own inbox', async () => {
    const registration = await connectAs('registration');
    const gateway = await connectAs('gateway');
    const replySubjects: string[] = [];
    const sub = registration.nc.subscribe(RegistrationCommands.getCluster.subject, {
      queue: 'registration',
      callback: (_e, m) => {
        replySubjects.push(m.reply ?? '');
        m.respond('{"ok":true}');
      },
    });
    await registration.nc.flush();
    expect((await gateway.nc.request(RegistrationCommands.getCluster.subject, '{}', { timeout: 5_000 })).string()).toBe('{"ok":true}');
    expect(replySubjects).toEqual([expect.stringMatching(/^_INBOX_gateway\./)]);
    sub.unsubscribe();
  });

  it('refuses commands to services a user does not call, and answering commands of another service', async () => {
    const sync = await connectAs('sync');
    await expect(sync.nc.request(RegistrationCommands.listClusters.subject, '{}', { timeout: 2_000 })).rejects.toThrow(VIOLATION);
    const gateway = await connectAs('gateway');
    expect(await subscribeOutcome(gateway, RegistrationCommands.getCluster.subject)).toEqual(expect.objectContaining({ message: expect.stringMatching(VIOLATION) }));
    const provisioning = await connectAs('provisioning');
    await expect(provisioning.nc.request(RegistrationCommands.listClusters.subject, '{}', { timeout: 2_000 })).rejects.toThrow(VIOLATION);
  });

  it("refuses reading another user's inbox, or the shared _INBOX", async () => {
    const reporting = await connectAs('reporting');
    for (const subject of ['_INBOX_gateway.>', '_INBOX.>', '_INBOX_registration.*', '>']) {
      expect(await subscribeOutcome(reporting, subject)).toEqual(expect.objectContaining({ message: expect.stringMatching(VIOLATION) }));
    }
  });

  it('runs the six services as their users: each answers the gateway; the integrator gets the key, provisions a cluster both consumers store, a clear password is dead-lettered', async () => {
    const env: TestEnvironment = await createTestEnvironment('natsperm');
    const keys = generateProvisioningKeyPair('perm-1');
    const services: RunningService<unknown>[] = [];
    try {
      const common = { ...env.env, NATS_URL: url, NATS_NAMESPACE: '', PORT: '0', PROVISIONING_REQUIRE_ENCRYPTED_CREDENTIALS: 'true' };
      services.push(
        await startService(appAdapterService, {
          env: { ...common, NATS_USER: 'app-adapter', NATS_PASSWORD: password('app-adapter'), SMARTLIC_ENCRYPTION_KEYS: generateKey('perm'), PROVISIONING_DECRYPTION_KEYS: keys.privateJwks, CAA_USAGE_COLLECTION_INTERVAL_MS: '0' },
          host: '127.0.0.1',
        }),
      );
      services.push(await startService(registrationService, { env: { ...common, NATS_USER: 'registration', NATS_PASSWORD: password('registration') }, host: '127.0.0.1' }));
      const [appAdapter, registration] = services as [RunningService<unknown>, RunningService<unknown>];
      const as = (user: string) => ({ ...common, NATS_USER: user, NATS_PASSWORD: password(user), SMARTLIC_ENCRYPTION_KEYS: generateKey('perm') });
      services.push(await startService(syncService, { env: as('sync'), host: '127.0.0.1' }));
      services.push(await startService(licenseModeService, { env: as('license-mode'), host: '127.0.0.1' }));
      services.push(await startService(reportingService, { env: { ...as('reporting'), REPORTING_DELIVERY_TICK_MS: '0' }, host: '127.0.0.1' }));
      const gateway = await startService(gatewayService, { env: { ...as('gateway'), AUTH_MODE: 'local', AUTH_LOCAL_SECRET: 'x'.repeat(32) }, host: '127.0.0.1' });
      services.push(gateway);
      // Every service subscribed to its commands and answers the gateway on the gateway's own inbox (a refused
      // subscription or reply would leave the request unanswered): a CommandReply, data or a named error, comes back.
      const answered: string[] = [];
      const commands = [SyncCommands.getToken, RegistrationCommands.getCluster, LicenseModeCommands.getVirtualAccount, CaaCommands.status('cucm'), ReportingCommands.listSubscriptions];
      for (const command of commands) {
        const answer = (await gateway.handles.nc.request(command.subject, '{}', { timeout: 10_000 })).json<{ ok: boolean; data?: unknown; error?: { code: string } }>();
        if (answer.ok ? answer.data !== undefined : typeof answer.error?.code === 'string') answered.push(command.subject);
      }
      expect(answered).toEqual(commands.map((c) => c.subject));

      const provisioning = await connectAs('provisioning');
      const reply = (await provisioning.nc.request(ProvisioningCommands.encryptionKey.subject, '{}', { timeout: 10_000 })).json<{ ok: boolean; data: { keys: ProvisioningPublicJwk[] } }>();
      expect(reply.data.keys).toEqual([keys.publicJwk]);

      const cluster = {
        id: 'perm-cucm',
        customerId: 'perm-customer',
        name: 'perm cucm',
        type: 'cucm' as const,
        version: '14.0',
        nodes: [{ hostname: 'pub', address: '127.0.0.1', publisher: true }],
        credentials: { admin: { username: 'admin', password: 'perm-admin-secret' }, platform: { username: 'os', password: 'perm-platform-secret' } },
      };
      const publish = async (data: unknown) => {
        const envelope = createEnvelope(ProvisioningEvents.clusterCreated.type, 1, data);
        await provisioning.js.publish(ProvisioningEvents.clusterCreated.subject, JSON.stringify(envelope), { msgID: envelope.id });
        return envelope.id;
      };
      // Its customer first: a cluster of an unknown customer waits for it (the customer-exists rule).
      const customer = createEnvelope(ProvisioningEvents.customerCreated.type, 1, { id: cluster.customerId, name: 'perm customer' });
      await provisioning.js.publish(ProvisioningEvents.customerCreated.subject, JSON.stringify(customer), { msgID: customer.id });
      await publish(await encryptProvisioningPasswords(cluster, reply.data.keys[0]!));
      const count = async (s: RunningService<unknown>, sql: string) => Number(((await s.dataSource.query(sql, [cluster.id])) as { n: string }[])[0]!.n);
      await eventually(async () => (await count(appAdapter, 'SELECT count(*) AS n FROM endpoint WHERE cluster_id = $1')) === 1, { what: "the cluster in app-adapter's endpoints" });
      await eventually(async () => (await count(registration, 'SELECT count(*) AS n FROM cluster WHERE id = $1')) === 1, { what: "the cluster in registration's inventory" });

      const clearId = await publish({ ...cluster, id: 'perm-clear' });
      const admin = await connectAs('admin');
      for (const durable of [CONSUMERS.appAdapter.provisioning.durable, CONSUMERS.registration.provisioning.durable]) {
        const copy = await eventually(async () => {
          const m = await admin.jsm.streams.getMessage(STREAMS.deadLetter, { last_by_subj: deadLetterSubject(durable) }).catch(() => null);
          return m && (m.json() as { id: string }).id === clearId ? m : undefined;
        }, { what: `the dead letter of ${durable}` });
        expect(copy.header.get(DLQ_HEADERS.reason)).toContain('credentials.admin.password');
        expect(copy.string()).not.toContain('perm-admin-secret');
      }
    } finally {
      for (const s of services.reverse()) await s.close();
      await env.cleanup();
    }
  }, 180_000);

  it('lets the provisioning user publish the provisioning contract and ask for the encryption key, nothing of smartlic', async () => {
    const provisioning = await connectAs('provisioning');
    expect((await provisioning.js.publish(ProvisioningEvents.clusterCreated.subject, '{}')).stream).toBe(STREAMS.provisioning);
    await expect(provisioning.js.publish(SMARTLIC_EVENT_DEFINITIONS[0]!.subject, '{}', { timeout: 2_000 })).rejects.toThrow(VIOLATION);
    // Nobody answers here: the server let the request through (no responders), it did not refuse it.
    await expect(provisioning.nc.request(ProvisioningCommands.encryptionKey.subject, '{}', { timeout: 2_000 })).rejects.toThrow(/no responders/i);
    const sync = await connectAs('sync');
    await expect(sync.js.publish(ProvisioningEvents.clusterCreated.subject, '{}', { timeout: 2_000 })).rejects.toThrow(VIOLATION);
  });
});
