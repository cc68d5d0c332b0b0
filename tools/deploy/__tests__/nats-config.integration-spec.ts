import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AckPolicy } from '@nats-io/jetstream';
import { ProvisioningEvents, SMARTLIC_EVENT_DEFINITIONS, type ConsumerDefinition } from '#libs/contracts';
import { connectNats, ensureConsumer, ensureStreams, type NatsHandles } from '#libs/messaging';
import { consumersOf, PROVISIONING_USER, SERVICE_PERMISSIONS, servicePermissions } from '../nats-permissions.js';

const CONFIG = 'deploy/nats/nats.conf';
const password = (user: string) => `pw-${user}`;
const USERS = [...SERVICE_PERMISSIONS.map((p) => p.service), 'provisioning', 'admin'];

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

/** The committed NATS configuration, run by a real nats-server, used by libs/messaging as each service uses it. */
describe('deploy/nats/nats.conf', () => {
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

  it('grants every permission libs/contracts needs today (else run `npm run nats-config`)', () => {
    const committed = readFileSync(CONFIG, 'utf8');
    const missing = [...SERVICE_PERMISSIONS.map(servicePermissions), PROVISIONING_USER].flatMap((u) =>
      [...u.publish, ...u.subscribe].filter((subject) => !committed.includes(`"${subject}"`)).map((subject) => `${u.user}: ${subject}`),
    );
    expect(missing).toEqual([]);
  });

  it.each(SERVICE_PERMISSIONS.map((p) => p.service))('lets %s create the streams and its durable consumers, pull and acknowledge', async (service) => {
    const handles = await connectAs(service);
    await ensureStreams(handles.jsm, handles.subjects);
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

  it('lets a service publish its own events and answer commands under its roots', async () => {
    const registration = await connectAs('registration');
    const gateway = await connectAs('gateway');
    const event = SMARTLIC_EVENT_DEFINITIONS.find((e) => e.subject.startsWith('smartlic.registration.'));
    if (event) expect((await registration.js.publish(event.subject, '{}')).stream).toBe('SMARTLIC_EVENTS');
    const sub = registration.nc.subscribe('smartlic.registration.v1.cluster.get', { queue: 'registration', callback: (_e, m) => void m.respond('{"ok":true}') });
    await registration.nc.flush();
    expect((await gateway.nc.request('smartlic.registration.v1.cluster.get', '{}', { timeout: 5_000 })).string()).toBe('{"ok":true}');
    sub.unsubscribe();
  });

  it('refuses the provisioning contract to a service and smartlic subjects to the provisioning user', async () => {
    const sync = await connectAs('sync');
    await expect(sync.js.publish(ProvisioningEvents.clusterCreated.subject, '{}', { timeout: 2_000 })).rejects.toThrow();
    const provisioning = await connectAs('provisioning');
    expect((await provisioning.js.publish(ProvisioningEvents.clusterCreated.subject, '{}')).stream).toBe('PROVISIONING');
    await expect(provisioning.js.publish(SMARTLIC_EVENT_DEFINITIONS[0].subject, '{}', { timeout: 2_000 })).rejects.toThrow();
  });

  it("refuses a service another service's durable consumer", async () => {
    const sync = await connectAs('sync');
    const other = consumersOf('registration')[0] as ConsumerDefinition;
    await expect(ensureConsumer(sync.jsm, sync.subjects, { ...other })).rejects.toThrow();
  });
});
