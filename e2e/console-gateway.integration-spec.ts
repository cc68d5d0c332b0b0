import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEnvelope, JobEvents, RegistrationEvents, type Job } from '#libs/contracts';
import { connectNats, type NatsHandles } from '#libs/messaging';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';
import { startServices, stopServices, testToken } from './support/start-services.js';

/** Reads a server-sent events response, collecting its events, until `stop`. */
const readEvents = (response: Response) => {
  const events: { event: string; data: unknown }[] = [];
  let buffer = '';
  let ended = false;
  const done = (async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done: end } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (end) break;
      buffer += value;
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop()!;
      for (const block of blocks) {
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
    }
    ended = true;
  })();
  return { events, done, ended: () => ended };
};

const job = (id: string, status: Job['status']): Job => ({
  id,
  service: 'registration',
  jobType: 'Assign Cluster',
  entityType: 'Cluster',
  entityId: 'cucm-1',
  entityName: 'CUCM-1',
  status,
  description: 'Assign cluster CUCM-1',
  statusInfo: null,
  errorCode: null,
  recommendedAction: null,
  initiatedAt: new Date().toISOString(),
  completedAt: null,
  correlationId: 'batch-1',
});

describe('gateway: the console (login settings, development login, static files, live events)', () => {
  let env: TestEnvironment;
  let services: Awaited<ReturnType<typeof startServices>>;
  let nats: NatsHandles;
  let consoleDir: string;
  const url = (path: string) => `${services.gateway.url}${path}`;

  beforeAll(async () => {
    env = await createTestEnvironment('console');
    consoleDir = mkdtempSync(join(tmpdir(), 'smartlic-console-'));
    mkdirSync(join(consoleDir, 'assets'));
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>smartlic console</title>');
    writeFileSync(join(consoleDir, 'assets', 'index-abc.js'), 'console.log(1)');
    services = await startServices(env, ['gateway'], { CONSOLE_DEV_LOGIN: 'true', CONSOLE_DIR: consoleDir });
    nats = await connectNats({ url: env.natsUrl, name: 'console-spec', namespace: env.namespace });
  });

  afterAll(async () => {
    await nats?.nc.close();
    await stopServices(services ?? {});
    await env?.cleanup();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  it('tells the console how to log in, without a token', async () => {
    const res = await fetch(url('/api/v1/console/config'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ authMode: 'local', rolesClaim: 'roles', devLogin: true, oidc: null });
  });

  it('gives a development token of the chosen role (and the roles below it), which the API accepts for that role only', async () => {
    const res = await fetch(url('/api/v1/console/dev-token'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'operator' }) });
    expect(res.status).toBe(200);
    const token = (await res.json()) as { accessToken: string; roles: string[]; subject: string; expiresAt: string };
    expect(token).toMatchObject({ roles: ['viewer', 'operator'], subject: 'developer' });
    expect(Date.parse(token.expiresAt) - Date.now()).toBeLessThanOrEqual(8 * 3600_000);
    const auth = { authorization: `Bearer ${token.accessToken}` };
    expect((await fetch(url('/api/v1/audit-log'), { headers: auth })).status).toBe(403);
    const admin = (await (await fetch(url('/api/v1/console/dev-token'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'admin', subject: 'alice' }) })).json()) as { accessToken: string };
    expect((await fetch(url('/api/v1/audit-log'), { headers: { authorization: `Bearer ${admin.accessToken}` } })).status).toBe(200);
  });

  it('refuses an unknown role naming the field, and is absent without CONSOLE_DEV_LOGIN', async () => {
    const res = await fetch(url('/api/v1/console/dev-token'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'root' }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['role']);
    const other = await startServices(env, ['gateway']);
    try {
      const off = await fetch(`${other.gateway!.url}/api/v1/console/dev-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'admin' }) });
      expect(off.status).toBe(404);
      expect(await (await fetch(`${other.gateway!.url}/api/v1/console/config`)).json()).toMatchObject({ devLogin: false });
    } finally {
      await stopServices(other);
    }
  });

  it('serves the console at /console: its files, and index.html for a client-side route', async () => {
    const asset = await fetch(url('/console/assets/index-abc.js'));
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const route = await fetch(url('/console/clusters'));
    expect(route.status).toBe(200);
    expect(route.headers.get('cache-control')).toBe('no-cache');
    expect(await route.text()).toContain('<title>smartlic console</title>');
    expect((await fetch(url('/api/v1/clusters'))).status).toBe(401);
  });

  it('streams job and cluster status events to a viewer within a second, and ends the stream when the gateway stops', async () => {
    expect((await fetch(url('/api/v1/events/stream'))).status).toBe(401);
    const res = await fetch(url('/api/v1/events/stream'), { headers: { authorization: `Bearer ${await testToken(['viewer'])}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const stream = readEvents(res);
    const publish = (subject: string, type: string, data: unknown) => nats.nc.publish(nats.subjects.qualify(subject), JSON.stringify(createEnvelope(type, 1, data)));
    // The subscription is made when the first stream opens: publish until the first event arrives.
    const sentAt = Date.now();
    await eventually(() => {
      publish(JobEvents.updated.subject, JobEvents.updated.type, job('j-1', 'In Progress'));
      return stream.events.length > 0;
    }, { timeoutMs: 5_000, intervalMs: 100, what: 'the first live event' });
    expect(Date.now() - sentAt).toBeLessThan(1_000);
    publish(RegistrationEvents.clusterStatusChanged.subject, RegistrationEvents.clusterStatusChanged.type, {
      clusterId: 'cucm-1', customerId: 'c-1', type: 'cucm', smartAccountId: null, virtualAccount: 'VA-1', status: 'Manually Registered', jobId: 'j-1', errorCode: null, statusInfo: null, recommendedAction: null, changedAt: new Date().toISOString(),
    });
    publish(JobEvents.updated.subject, JobEvents.updated.type, { id: 'broken' });
    publish(JobEvents.updated.subject, JobEvents.updated.type, job('j-1', 'Succeeded'));
    await eventually(() => stream.events.some((e) => (e.data as Job).status === 'Succeeded'), { timeoutMs: 5_000, what: 'the job succeeded event' });
    expect(stream.events[0]).toEqual({ event: 'job', data: expect.objectContaining({ id: 'j-1', status: 'In Progress' }) });
    expect(stream.events.find((e) => e.event === 'cluster')?.data).toMatchObject({ clusterId: 'cucm-1', status: 'Manually Registered' });
    // The event off its contract was dropped, not forwarded.
    expect(stream.events.filter((e) => (e.data as { id?: string }).id === 'broken')).toEqual([]);

    await services.gateway!.close();
    await stream.done;
    expect(stream.ended()).toBe(true);
    delete services.gateway;
  });
});
