import ssh2, { type ClientChannel, type Client as SshClient } from 'ssh2';
import { endsWithPrompt } from './cli-transcript.js';

const { Client } = ssh2;

/**
 * How talking to a platform CLI failed: the node could not be reached or the SSH handshake did not finish
 * (`unreachable`), its host key is not the one remembered (`host-key`), the platform credentials were refused
 * (`auth`), the CLI never showed its prompt after login (`no-prompt`), the session broke (`dropped`), or a command
 * got no prompt back in time (`timeout`).
 */
export type CliFailureKind = 'unreachable' | 'host-key' | 'auth' | 'no-prompt' | 'dropped' | 'timeout';

export class CliSessionError extends Error {
  constructor(
    readonly kind: CliFailureKind,
    message: string,
    /** The socket error code or library message behind it, when there is one (never credentials). */
    readonly causeCode?: string,
  ) {
    super(message);
  }
}

export interface CliSessionOptions {
  host: string;
  port: number;
  username: string;
  password: string;
  /** TCP connect, SSH handshake and authentication together. */
  connectTimeoutMs: number;
  /** Time the CLI has to show its prompt after login, and to answer each command. */
  answerTimeoutMs: number;
  /** Whether the key the node presents may be trusted (raw public key blob). */
  verifyHostKey(key: Buffer): Promise<boolean>;
}

const errorCode = (error: unknown): string | undefined => {
  const e = error as { code?: unknown; message?: unknown };
  return typeof e.code === 'string' ? e.code : typeof e.message === 'string' ? e.message.slice(0, 200) : undefined;
};

/**
 * One SSH connection to a node with one interactive shell on its platform CLI (the VOS `admin:` shell runs no `exec`
 * requests): commands are sent one at a time and answered by everything printed up to the next prompt.
 */
export class PlatformCliSession {
  private buffer = '';
  private waiter: { resolve: (raw: string) => void; reject: (error: CliSessionError) => void } | undefined;
  private isClosed = false;
  private readonly closeListeners: (() => void)[] = [];

  private constructor(
    private readonly client: SshClient,
    private readonly channel: ClientChannel,
  ) {
    channel.on('data', (data: Buffer) => this.received(data));
    channel.on('error', () => this.markClosed('the shell failed'));
    channel.stderr.on('data', (data: Buffer) => this.received(data));
    channel.on('close', () => this.markClosed('the CLI closed the shell'));
    client.on('close', () => this.markClosed('the SSH connection closed'));
  }

  /** Connects, authenticates with the platform credentials, opens the shell and waits for the first prompt. */
  static open(options: CliSessionOptions): Promise<PlatformCliSession> {
    return new Promise((resolve, reject) => {
      const client = new Client();
      let settled = false;
      let hostKey: 'trusted' | 'refused' | 'unchecked' = 'trusted';
      const fail = (error: CliSessionError) => {
        if (settled) return;
        settled = true;
        client.destroy();
        reject(error);
      };
      client.on('error', (error: Error & { level?: string }) => {
        if (hostKey === 'refused') return fail(new CliSessionError('host-key', 'the node presented another SSH host key than the one remembered'));
        if (hostKey === 'unchecked') return fail(new CliSessionError('host-key', 'the SSH host key of the node could not be checked against the remembered one'));
        if (error.level === 'client-authentication') return fail(new CliSessionError('auth', 'the platform credentials were refused'));
        if (error.level === 'client-timeout') return fail(new CliSessionError('unreachable', 'the SSH handshake did not finish in time', 'ETIMEDOUT'));
        fail(new CliSessionError('unreachable', 'the node could not be reached over SSH', errorCode(error)));
      });
      client.on('close', () => fail(new CliSessionError('unreachable', 'the node closed the SSH connection during login', 'ECONNRESET')));
      // Some platforms ask for the password through keyboard-interactive authentication.
      client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => options.password)));
      client.on('ready', () => {
        client.shell({ term: 'vt100', cols: 1000, rows: 200 }, (error, channel) => {
          if (error) return fail(new CliSessionError('unreachable', 'the node refused an interactive shell', errorCode(error)));
          const session = new PlatformCliSession(client, channel);
          session.nextPrompt(options.answerTimeoutMs).then(
            () => {
              if (settled) return session.close();
              settled = true;
              resolve(session);
            },
            () => fail(new CliSessionError('no-prompt', 'the platform CLI did not show its prompt after login')),
          );
        });
      });
      client.connect({
        host: options.host,
        port: options.port,
        username: options.username,
        password: options.password,
        tryKeyboard: true,
        readyTimeout: options.connectTimeoutMs,
        // Finds a connection that died while idle (a firewall dropped it) before a command waits on it.
        keepaliveInterval: 15_000,
        hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
          options.verifyHostKey(key).then(
            (trusted) => {
              hostKey = trusted ? 'trusted' : 'refused';
              verify(trusted);
            },
            () => {
              hostKey = 'unchecked';
              verify(false);
            },
          );
        },
      });
      // CLI answers are small and interactive: no Nagle delay.
      client.setNoDelay(true);
    });
  }

  get closed(): boolean {
    return this.isClosed;
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  /** Sends one command line and answers the raw transcript up to the next prompt (echo included). */
  run(line: string, timeoutMs: number): Promise<string> {
    if (this.isClosed) return Promise.reject(new CliSessionError('dropped', 'the session was closed before the command was sent'));
    const answer = this.nextPrompt(timeoutMs);
    this.channel.write(`${line}\n`);
    return answer;
  }

  close(): void {
    if (this.isClosed) return;
    this.client.end();
    this.markClosed('closed by app-adapter');
  }

  private nextPrompt(timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new CliSessionError('timeout', `the platform CLI did not answer within ${timeoutMs} ms`));
        // What the CLI prints later would be mistaken for the next command's answer: this session is done.
        this.close();
      }, timeoutMs);
      this.waiter = {
        resolve: (raw) => {
          clearTimeout(timer);
          resolve(raw);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.received(Buffer.alloc(0));
    });
  }

  private received(data: Buffer): void {
    this.buffer += data.toString('utf8');
    if (!this.waiter || !endsWithPrompt(this.buffer)) return;
    const raw = this.buffer;
    this.buffer = '';
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter.resolve(raw);
  }

  private markClosed(reason: string): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.client.destroy();
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.reject(new CliSessionError('dropped', reason));
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
