import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AckPolicy, jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { PullLoop } from '../pull-loop.js';

/**
 * The pull loop's bounds with messages far larger than provisioning allows (the stream limit is 1 MB; this proves
 * the loop, not the contract): a private nats-server 2.9 with max_payload 8 MB, a backlog of 7 MB messages stored
 * while nothing consumes, then a loop started. Before the loop, 120 such messages took app-adapter to ~1 GB.
 */
const MESSAGE_BYTES = 7 * 1024 * 1024;
const BUDGET = 16 * 1024 * 1024;

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
      const socket = tcpConnect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nats-server did not listen on ${port}`);
};

describe('the pull loop bounds what is in flight by count and by bytes', () => {
  let dir: string;
  let server: ChildProcess;
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pull-loop-'));
    const port = await freePort();
    writeFileSync(join(dir, 'nats.conf'), `max_payload: 8MB\njetstream { store_dir: "${join(dir, 'store')}" }\n`);
    server = spawn(process.env.NATS_SERVER_BIN ?? 'nats-server', ['-c', join(dir, 'nats.conf'), '-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    await waitForPort(port);
    nc = await connect({ servers: `127.0.0.1:${port}` });
    jsm = await jetstreamManager(nc);
  });

  afterAll(async () => {
    await nc?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill();
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A backlog of `count` messages of `bytes` each on a fresh stream and durable; the names. */
  const backlog = async (name: string, count: number, bytes: number): Promise<{ stream: string; durable: string }> => {
    await jsm.streams.add({ name, subjects: [`${name}.>`], max_msg_size: -1 });
    await jsm.consumers.add(name, { durable_name: 'worker', ack_policy: AckPolicy.Explicit, ack_wait: 30_000_000_000, max_deliver: 5 });
    const js = jetstream(nc);
    const body = new Uint8Array(bytes).fill(0x51);
    for (let i = 0; i < count; i++) await js.publish(`${name}.msg`, body);
    return { stream: name, durable: 'worker' };
  };

  /** Drains the backlog through a loop, each message held `workMs`; what it saw. */
  const drain = async (loop: PullLoop, count: number, workMs: number) => {
    const seen = new Map<number, number>();
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    try {
      for await (const msg of loop) {
        seen.set(msg.seq, (seen.get(msg.seq) ?? 0) + 1);
        if (msg.info.deliveryCount !== 1) throw new Error(`message ${msg.seq} redelivered`);
        await new Promise((r) => setTimeout(r, workMs));
        msg.ack();
        if (seen.size === count) break;
      }
    } finally {
      clearInterval(sampler);
      await loop.stop();
    }
    return { seen, peakRss };
  };

  it('120 messages of 7 MB stored while nothing consumed: all drained, each once, at most 16 MiB in flight, RSS grows < 250 MB (measured +91 MB, 14 MiB peak in flight, on nats-server 2.9.10)', async () => {
    const { stream, durable } = await backlog('BIG', 120, MESSAGE_BYTES);
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    const loop = new PullLoop({ nc, stream, durable, maxMessages: 100, maxBytes: BUDGET, expiresMs: 5_000 }).start();
    // Each held 100 ms: long enough for the next pull to land while one is worked, even on a loaded machine (with 20 ms a
    // loaded run saw one message in flight at a time).
    const { seen, peakRss } = await drain(loop, 120, 100);
    expect(seen.size).toBe(120);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(loop.inFlight.peakBytes).toBeLessThanOrEqual(BUDGET);
    expect(loop.inFlight.peakBytes).toBeGreaterThanOrEqual(2 * MESSAGE_BYTES);
    const growthMb = (peakRss - baseline) / 1024 / 1024;
    console.log(JSON.stringify({ messages: 120, messageBytes: MESSAGE_BYTES, peakInFlightBytes: loop.inFlight.peakBytes, rssGrowthMb: Math.round(growthMb), pulls: loop.inFlight.requests }));
    expect(growthMb).toBeLessThan(250);
    const info = await jsm.consumers.info(stream, durable);
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_pending).toBe(0);
    expect(info.num_redelivered).toBe(0);
  }, 240_000);

  it('a message larger than the byte budget is pulled alone, once nothing else is in flight; small ones around it are not held', async () => {
    const name = 'MIXED';
    await jsm.streams.add({ name, subjects: [`${name}.>`], max_msg_size: -1 });
    await jsm.consumers.add(name, { durable_name: 'worker', ack_policy: AckPolicy.Explicit, ack_wait: 30_000_000_000, max_deliver: 5 });
    const js = jetstream(nc);
    const sizes = [...Array.from({ length: 50 }, () => 1_000), 3 * 1024 * 1024, ...Array.from({ length: 50 }, () => 1_000), 3 * 1024 * 1024, 1_000];
    for (const size of sizes) await js.publish(`${name}.msg`, new Uint8Array(size));
    const loop = new PullLoop({ nc, stream: name, durable: 'worker', maxMessages: 20, maxBytes: 1024 * 1024, expiresMs: 5_000 }).start();
    const start = Date.now();
    const { seen } = await drain(loop, sizes.length, 1);
    expect(seen.size).toBe(sizes.length);
    // Bounded by one message beyond the budget, and never stalled waiting on a pull's expiry.
    expect(loop.inFlight.peakBytes).toBeLessThanOrEqual(3 * 1024 * 1024 + 1024);
    expect(Date.now() - start).toBeLessThan(4_000);
  }, 60_000);
});
