import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import ssh2 from 'ssh2';
import { measureApplicationCall } from '#libs/observability';
import { APPLICATION_TYPES, SmartlicException, type ApplicationType, type Credential } from '#libs/contracts';
import { concurrencyLimit, RemotePolicies, type ConcurrencyLimit, type RemotePolicy } from '#libs/resilience';
import { PINO_LOGGER, SERVICE_CONFIG } from '#libs/service-kit';
import type { AppAdapterConfig } from '../../config/app-adapter.config.js';
import type { ClusterTarget, TargetNode } from '../cluster-target.js';
import { commandOutput } from './cli-transcript.js';
import { PlatformCliSession, CliSessionError } from './platform-cli.session.js';
import { PlatformHostKeyRepository, type PlatformHostKey } from './platform-host-key.repository.js';

const { utils } = ssh2;

/** One command line for a platform CLI. */
export interface CliCommand {
  /** The command without its arguments (`license smart register idtoken`): the span, metric and log name. */
  name: string;
  /** The line sent to the CLI. */
  line: string;
  /** The line as logs and error details may show it: secret arguments replaced by `********`. */
  display: string;
  /** Arguments that must never leave app-adapter (a registration token, a proxy password). */
  secrets: readonly string[];
  /** A read: after a dropped connection it is sent again on a new session. */
  idempotent: boolean;
}

interface PooledSession {
  /** The session being opened or open; a failed opening removes the entry. */
  session: Promise<PlatformCliSession>;
  /** Which platform credentials opened it: changed credentials open a new session. */
  credentialHash: string;
  /** Commands run one after another on a session. */
  tail: Promise<unknown>;
  busy: number;
  lastUsed: number;
  idleTimer?: NodeJS.Timeout;
}

/** A command refused by the open circuit of its node, with the failure that opened it. */
class CliCircuitOpen extends Error {
  constructor(readonly lastFailure: unknown) {
    super('circuit open');
  }
}
const sha256 = (value: string | Buffer) => createHash('sha256').update(value).digest();
/** `SHA256:<base64>` as OpenSSH prints host key fingerprints. */
const fingerprintOf = (key: Buffer): string => `SHA256:${sha256(key).toString('base64').replace(/=+$/, '')}`;
const keyTypeOf = (key: Buffer): string => {
  const parsed = utils.parseKey(key);
  return parsed instanceof Error ? 'unknown' : parsed.type;
};

/** Failures worth a new session for a read: the node or the session went away, not a refusal. They count for its circuit. */
const RETRYABLE = new Set(['unreachable', 'dropped', 'timeout']);
const isNodeFailure = (error: unknown): boolean => error instanceof CliSessionError && RETRYABLE.has(error.kind);

/**
 * The applications' platform CLI over SSH with the cluster's platform (OS administrator) credentials — HCM-F's CAA
 * drives Emergency Responder this way (guide: CAA1063 "CAA cannot connect to application platform CLI", CAA1084 "Error
 * occurred in SSH connection", CAA1008 no platform credentials).
 *
 * One SSH connection and shell per node, reused by the next operations and closed after `CAA_SSH_IDLE_TIMEOUT_MS`
 * without a command, at most `CAA_SSH_MAX_SESSIONS` open (least recently used idle ones closed first), all closed on
 * shutdown; a broken one is opened again. At most `CAA_MAX_CONCURRENCY_PER_TYPE` commands in flight per application
 * type. Host keys are trusted on first use and remembered in `platform_host_key`; a node presenting another key is
 * refused (CAA1063) and logged at error (`CAA_SSH_HOST_KEYS=accept-any` turns that off for labs). Command lines carrying
 * a token or a password are never logged: only their `display` form with the secrets replaced. Each node's runtime
 * policy (libs/resilience) retries reads on a new session with jittered backoff, opens the node's circuit after
 * consecutive connection failures (CAA1063 then, without a connection attempt) and bounds the commands per node; the
 * session's own login and answer timeouts bound each attempt (a policy timeout would abandon a command mid-session).
 */
@Injectable()
export class PlatformCliClient implements OnApplicationShutdown {
  private readonly sessions = new Map<string, PooledSession>();
  private readonly slots: Record<ApplicationType, ConcurrencyLimit>;
  private readonly policies: Record<ApplicationType, RemotePolicies>;
  /** Host keys already checked against the store in this process, by `address:port`. */
  private readonly trustedKeys = new Map<string, string>();

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppAdapterConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
    private readonly hostKeys: PlatformHostKeyRepository,
  ) {
    this.slots = Object.fromEntries(APPLICATION_TYPES.map((t) => [t, concurrencyLimit(config.CAA_MAX_CONCURRENCY_PER_TYPE)])) as Record<ApplicationType, ConcurrencyLimit>;
    const policiesOf = (kind: ApplicationType) =>
      new RemotePolicies({
        kind,
        retry: {
          maxAttempts: config.CAA_READ_RETRIES + 1,
          initialDelayMs: config.CAA_RETRY_BACKOFF_MS,
          maxDelayMs: config.CAA_RETRY_BACKOFF_MS * 2 ** Math.max(0, config.CAA_READ_RETRIES - 1),
          retryable: isNodeFailure,
        },
        circuit: { breakAfter: config.CAA_CIRCUIT_BREAK_AFTER, halfOpenAfterMs: config.CAA_CIRCUIT_HALF_OPEN_AFTER_MS, failure: isNodeFailure, openError: (_host, last) => new CliCircuitOpen(last) },
        concurrency: config.CAA_MAX_CONCURRENCY_PER_HOST,
        logger,
      });
    this.policies = Object.fromEntries(APPLICATION_TYPES.map((t) => [t, policiesOf(t)])) as Record<ApplicationType, RemotePolicies>;
    if (config.CAA_SSH_HOST_KEYS === 'accept-any') logger.warn('CAA_SSH_HOST_KEYS=accept-any: the SSH host keys of the applications are not checked (simulators and labs only)');
  }

  /**
   * After the command server drained (Nest closes the microservices after onModuleDestroy, before this hook): a
   * SIGTERM let the Emergency Responder commands in progress finish on their sessions instead of failing them with
   * CAA1084 (found by the chaos suite's SIGTERM of app-adapter), and then the sessions close.
   */
  onApplicationShutdown(): void {
    for (const key of [...this.sessions.keys()]) this.discard(key);
  }

  /** Open sessions (being opened included). */
  get openSessions(): number {
    return this.sessions.size;
  }

  /**
   * Runs one command on the node's CLI and answers what it printed (echo and prompt removed). Transport failures are
   * catalogue errors: CAA1008 no platform credentials, CAA1063 cannot connect (unreachable, handshake timeout, host key
   * refused, no prompt), CAA1084 SSH error (credentials refused, session dropped, no answer in time).
   */
  run(target: ClusterTarget, node: TargetNode, command: CliCommand): Promise<string> {
    const credential = target.credentials.platform;
    if (!credential) throw SmartlicException.fromCode('CAA1008', { clusterId: target.clusterId, credential: 'platform' });
    const policy: RemotePolicy = this.policies[target.applicationType].for(`${node.address}:${this.config.CAA_SSH_PORT}`);
    return measureApplicationCall(target.applicationType, `cli ${command.name}`, async () => {
      try {
        return await policy.execute(() => this.slots[target.applicationType].execute(() => this.runOnce(node, credential, command)), { retry: command.idempotent });
      } catch (error) {
        if (error instanceof CliCircuitOpen) {
          const last = error.lastFailure instanceof CliSessionError ? error.lastFailure : undefined;
          throw SmartlicException.fromCode('CAA1063', { ...this.detailsOf(target, node, command), reason: 'circuit open', circuit: 'open', ...(last ? { cause: last.causeCode ?? last.kind } : {}) });
        }
        if (!(error instanceof CliSessionError)) throw error;
        throw this.toCatalogueError(error, target, node, command);
      }
    });
  }

  private async runOnce(node: TargetNode, credential: Credential, command: CliCommand): Promise<string> {
    const key = `${node.address}:${this.config.CAA_SSH_PORT}`;
    const pooled = this.pooled(key, node, credential);
    pooled.busy++;
    clearTimeout(pooled.idleTimer);
    const run = pooled.tail.then(async () => {
      const session = await pooled.session;
      if (session.closed) {
        // It died while idle (closed by the node, or a keepalive went unanswered): nothing was sent on it yet.
        this.discard(key, pooled);
        return this.runOnce(node, credential, command);
      }
      const raw = await session.run(command.line, this.config.CAA_REQUEST_TIMEOUT_MS);
      return commandOutput(raw, command.line);
    });
    pooled.tail = run.catch(() => undefined);
    try {
      return await run;
    } catch (error) {
      // A session that failed a command is not trusted with the next one.
      this.discard(key, pooled);
      throw error;
    } finally {
      pooled.busy--;
      pooled.lastUsed = Date.now();
      if (pooled.busy === 0 && this.sessions.get(key) === pooled) {
        pooled.idleTimer = setTimeout(() => this.discard(key, pooled), this.config.CAA_SSH_IDLE_TIMEOUT_MS);
        pooled.idleTimer.unref();
      }
    }
  }

  /** The node's session, opened when there is none or its credentials changed. */
  private pooled(key: string, node: TargetNode, credential: Credential): PooledSession {
    const credentialHash = sha256(`${credential.username}\u0000${credential.password}`).toString('base64');
    const existing = this.sessions.get(key);
    if (existing && existing.credentialHash === credentialHash) return existing;
    if (existing) this.discard(key, existing);
    this.makeRoom();
    const pooled: PooledSession = {
      session: PlatformCliSession.open({
        host: node.address,
        port: this.config.CAA_SSH_PORT,
        username: credential.username,
        password: credential.password,
        connectTimeoutMs: this.config.CAA_SSH_LOGIN_TIMEOUT_MS,
        answerTimeoutMs: this.config.CAA_REQUEST_TIMEOUT_MS,
        verifyHostKey: (hostKey) => this.verifyHostKey(node, hostKey),
      }),
      credentialHash,
      tail: Promise.resolve(),
      busy: 0,
      lastUsed: Date.now(),
    };
    pooled.session.then(
      (session) => session.onClose(() => this.forget(key, pooled)),
      () => this.forget(key, pooled),
    );
    this.sessions.set(key, pooled);
    return pooled;
  }

  /** Keeps the pool under CAA_SSH_MAX_SESSIONS by closing the least recently used idle session. */
  private makeRoom(): void {
    if (this.sessions.size < this.config.CAA_SSH_MAX_SESSIONS) return;
    let oldest: [string, PooledSession] | undefined;
    for (const entry of this.sessions) {
      if (entry[1].busy === 0 && (!oldest || entry[1].lastUsed < oldest[1].lastUsed)) oldest = entry;
    }
    if (oldest) this.discard(oldest[0], oldest[1]);
  }

  private forget(key: string, pooled: PooledSession): void {
    if (this.sessions.get(key) !== pooled) return;
    clearTimeout(pooled.idleTimer);
    this.sessions.delete(key);
  }

  private discard(key: string, pooled = this.sessions.get(key)): void {
    if (!pooled) return;
    this.forget(key, pooled);
    pooled.session.then(
      (session) => session.close(),
      () => undefined,
    );
  }

  private async verifyHostKey(node: TargetNode, hostKey: Buffer): Promise<boolean> {
    if (this.config.CAA_SSH_HOST_KEYS === 'accept-any') return true;
    const key = `${node.address}:${this.config.CAA_SSH_PORT}`;
    const fingerprint = fingerprintOf(hostKey);
    if (this.trustedKeys.get(key) === fingerprint) return true;
    let remembered: PlatformHostKey;
    try {
      remembered = await this.hostKeys.remember({ address: node.address, port: this.config.CAA_SSH_PORT, keyType: keyTypeOf(hostKey), fingerprint });
    } catch (error) {
      // Without the remembered key the node cannot be trusted: the connection is refused (CAA1063).
      this.logger.warn({ node: node.hostname, address: node.address, err: (error as Error).message }, 'SSH host key could not be checked against the remembered one');
      throw error;
    }
    if (remembered.fingerprint === fingerprint) {
      this.trustedKeys.set(key, fingerprint);
      return true;
    }
    this.logger.error(
      { node: node.hostname, address: node.address, port: this.config.CAA_SSH_PORT, remembered: remembered.fingerprint, presented: fingerprint },
      'SSH host key of the node changed: connection refused (remove its platform_host_key row once the new key is verified)',
    );
    return false;
  }

  private detailsOf(target: ClusterTarget, node: TargetNode, command: CliCommand) {
    return { clusterId: target.clusterId, node: node.hostname, address: node.address, port: this.config.CAA_SSH_PORT, command: command.display };
  }

  private toCatalogueError(error: CliSessionError, target: ClusterTarget, node: TargetNode, command: CliCommand): SmartlicException {
    const details = { ...this.detailsOf(target, node, command), reason: error.message, ...(error.causeCode ? { cause: error.causeCode } : {}) };
    const code = error.kind === 'auth' || error.kind === 'dropped' || error.kind === 'timeout' ? 'CAA1084' : 'CAA1063';
    return SmartlicException.fromCode(code, details);
  }
}
