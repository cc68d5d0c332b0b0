import type { ActiveFault } from '#simulators/common';
import { createHash } from 'node:crypto';
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import ssh2, { type AuthContext, type Connection, type ServerChannel } from 'ssh2';
import { CLI_FAILED, parseCerCommand } from './cer-cli.commands.js';
import { hostKey, isRebooting, type UcNodeState } from './cluster.store.js';
import { isLoopback } from './node-router.js';
import type { UcRouteDeps } from './route-context.js';

const { Server: SshServer, utils } = ssh2;

/**
 * The platform CLI of every simulated Emergency Responder node over SSH (WIRE-FORMATS.md §4): one listening port for
 * all nodes, the node chosen by the local address the client connected to (a `net.Server` on 0.0.0.0 answers every
 * 127.x.y.z address; ssh2 gets the socket through `injectSocket`). Password authentication with the cluster's platform
 * credentials, an interactive shell with the VOS banner and the `admin:` prompt, the smart-licensing commands run by
 * the simulator's smart agent rules. An address that is no Emergency Responder node, or whose cluster reboots, has its
 * connection reset, like the HTTP server does.
 */

export interface PlatformCliServer {
  port: number;
  /** `SHA256:<base64>` of the host key generated at start, as OpenSSH prints fingerprints. */
  hostKeyFingerprint: string;
  close(): Promise<void>;
}

/** The banner VOS prints when the CLI starts (as published DevNet and community transcripts show it). */
const BANNER = [
  'Command Line Interface is starting up, please wait ...',
  '',
  '   Welcome to the Platform Command Line Interface',
  '',
  'VMware Installation:',
  '\t2 vCPU: Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz',
  '\tDisk 1: 110GB, Partitions aligned',
  '\t8192 Mbytes RAM',
  '',
].join('\r\n');
export const CLI_PROMPT = 'admin:';

const SESSION_ROUTE = 'cer.ssh.session';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
const withoutMappedPrefix = (address: string | undefined) => (address ?? '').replace(/^::ffff:/, '');

/** The text a 'status' fault makes the CLI print before its failure line: the fault body, or its `message`. */
const faultText = (fault: ActiveFault): string => {
  const body = fault.body as unknown;
  if (typeof body === 'string') return `${body}\n${CLI_FAILED}`;
  if (typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string') return `${(body as { message: string }).message}\n${CLI_FAILED}`;
  return CLI_FAILED;
};

/**
 * An ed25519 host key. ssh2's generator drops the leading zero byte of a public key that starts with one (about one key
 * in 400): such a key does not parse, and clients would not verify it. Draw again until the key is whole.
 */
const generateHostKey = (): { keys: ReturnType<typeof utils.generateKeyPairSync>; parsed: Exclude<ReturnType<typeof utils.parseKey>, Error | unknown[]> } => {
  for (;;) {
    const keys = utils.generateKeyPairSync('ed25519');
    const parsed = utils.parseKey(keys.public);
    if (!(parsed instanceof Error) && !Array.isArray(parsed)) return { keys, parsed };
  }
};

export const startPlatformCliServer = async (deps: UcRouteDeps, options: { host: string; port: number }): Promise<PlatformCliServer> => {
  const { keys, parsed } = generateHostKey();
  const hostKeyFingerprint = `SHA256:${createHash('sha256').update(parsed.getPublicSSH()).digest('base64').replace(/=+$/, '')}`;

  // The node of each TCP connection, by its socket. Not by the peer's address and port (what ssh2's 'connection' event
  // reports): every client connects from 127.0.0.1, and Linux gives two connections to different nodes the same
  // source port at once, so a peer key sent one cluster's commands to another's node (found by the chaos suite).
  const sockets = new Map<Socket, UcNodeState>();
  const controls = deps.controls;

  const ssh = new SshServer({ hostKeys: [keys.private], ident: 'OpenSSH_7.4' }, (client: Connection) => {
    // ssh2 keeps the connection's socket as `_sock` (1.x) and tells it nowhere else.
    const socket = (client as unknown as { _sock?: Socket })._sock;
    const node = socket ? sockets.get(socket) : undefined;
    client.on('error', () => undefined);
    if (!socket || !node) {
      client.end();
      return;
    }
    client.on('authentication', (ctx: AuthContext) => {
      const platform = node.cluster.credentials.platform;
      if (ctx.method === 'password' && ctx.username === platform.username && ctx.password === platform.password) return ctx.accept();
      // OpenSSH refuses with the methods it still accepts; the client gives up when it has none left to try.
      return ctx.reject(['password']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('pty', (acceptPty) => acceptPty?.());
        session.on('window-change', (acceptChange) => acceptChange?.());
        session.on('env', (acceptEnv) => acceptEnv?.());
        // The platform CLI is an interactive shell only.
        session.on('exec', (_accept, reject) => reject?.());
        session.on('shell', (acceptShell) => void runShell(acceptShell(), node, () => socket.destroy()));
      });
    });
  });

  const runShell = async (channel: ServerChannel, node: UcNodeState, reset: () => void): Promise<void> => {
    const clusterId = node.cluster.id;
    // A dropped connection resets the TCP connection itself, as a failing or rebooting host does.
    const drop = (): void => reset();
    channel.on('error', () => undefined);
    controls.counter.increment(SESSION_ROUTE, clusterId);
    const wait = controls.latency.apply(SESSION_ROUTE);
    if (wait) await wait;
    const fault = controls.faults.take(SESSION_ROUTE, clusterId);
    if (fault?.kind === 'reset') return drop();
    if (fault?.kind === 'timeout') return; // the CLI never starts: no prompt
    if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 1000);
    channel.write(`${BANNER}\r\n${CLI_PROMPT}`);

    let pending = '';
    let queue = Promise.resolve();
    let hung = false;
    // A CR LF pair is one Enter, even when the LF arrives in the next packet.
    let afterCarriageReturn = false;
    channel.on('data', (data: Buffer) => {
      pending += data.toString('utf8');
      if (afterCarriageReturn && pending.startsWith('\n')) pending = pending.slice(1);
      afterCarriageReturn = false;
      for (let end = pending.search(/[\r\n]/); end >= 0; end = pending.search(/[\r\n]/)) {
        const line = pending.slice(0, end);
        const crlf = pending[end] === '\r' && pending[end + 1] === '\n';
        afterCarriageReturn = pending[end] === '\r' && end + 1 === pending.length;
        pending = pending.slice(crlf ? end + 2 : end + 1);
        queue = queue.then(() => (hung ? undefined : execute(line))).catch(drop);
      }
    });

    const execute = async (line: string): Promise<void> => {
      // The terminal echoes the line as typed.
      channel.write(`${line}\r\n`);
      if (isRebooting(node.cluster)) return drop();
      const command = parseCerCommand(deps.agent, line);
      if (command === 'empty') {
        channel.write(CLI_PROMPT);
        return;
      }
      if (command === 'exit') {
        channel.end();
        return;
      }
      controls.counter.increment(command.routeId, clusterId);
      const latency = controls.latency.apply(command.routeId);
      if (latency) await latency;
      const commandFault = controls.faults.size ? controls.faults.take(command.routeId, clusterId) : undefined;
      if (commandFault?.kind === 'reset') return drop();
      if (commandFault?.kind === 'timeout') {
        hung = true;
        return;
      }
      if (commandFault?.kind === 'delay') await sleep(commandFault.delayMs ?? 1000);
      let output: string;
      if (commandFault?.kind === 'status') output = faultText(commandFault);
      else if (commandFault?.kind === 'malformed') output = '\u0000\u0001garbage %% ';
      else output = await limited(() => command.run(node));
      channel.write(`${crlf(output)}\r\n${CLI_PROMPT}`);
    };
  };

  // The optional request limits of the admin API apply to CLI commands too (the excess fails, as a busy CLI would).
  const limited = async (run: () => Promise<string> | string): Promise<string> => {
    const limiter = controls.limiter;
    if (!limiter.enabled) return run();
    if (!limiter.tryAcquire().admitted) return `Too many requests, retry later\n${CLI_FAILED}`;
    try {
      return await run();
    } finally {
      limiter.release();
    }
  };

  const tcp: NetServer = createServer((socket) => {
    const node = deps.store.nodeByHost(hostKey(withoutMappedPrefix(socket.localAddress)));
    if (!isLoopback(socket.remoteAddress) || !node || node.cluster.type !== 'cer' || isRebooting(node.cluster)) {
      socket.destroy();
      return;
    }
    // A CLI answer is small and interactive: send it at once (no Nagle delay).
    socket.setNoDelay(true);
    sockets.set(socket, node);
    socket.once('close', () => sockets.delete(socket));
    ssh.injectSocket(socket);
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(options.port, options.host, () => resolve());
  });
  const address = tcp.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;

  // A rebooting node drops its SSH connections as its sshd goes down, not only when the next command arrives.
  const rebootSweep = setInterval(() => {
    for (const [socket, node] of sockets) if (isRebooting(node.cluster)) socket.destroy();
  }, 100);
  rebootSweep.unref();

  let closing: Promise<void> | undefined;
  return {
    port,
    hostKeyFingerprint,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        clearInterval(rebootSweep);
        tcp.close(() => resolve());
        for (const socket of sockets.keys()) socket.destroy();
      })),
  };
};
