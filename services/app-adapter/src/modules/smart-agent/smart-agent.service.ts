import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import {
  CaaEvents,
  SmartlicException,
  type ApplicationType,
  type CaaClusterTransportSettings,
  type CaaOperation,
  type CaaOperationResult,
  type CaaTransportSettings,
  type LicenseMode,
  type LicenseModeChange,
  type LicenseModeState,
  type LicenseUsageReport,
  type SmartAgentStatus,
} from '#libs/contracts';
import { enqueueEvent, outboxRecord } from '#libs/messaging';
import { PINO_LOGGER, SERVICE_CONFIG } from '#libs/service-kit';
import { delay } from '#libs/resilience';
import { KeyedMutex } from '../../common/concurrency/keyed-mutex.js';
import type { AppAdapterConfig } from '../../config/app-adapter.config.js';
import { publisherOf, type ClusterTarget, type TargetNode } from '../../drivers/cluster-target.js';
import { lacksSetDeploymentMode } from '../../drivers/license-mode/license-mode.api.js';
import { SmartAgentDrivers } from '../../drivers/smart-agent-drivers.js';
import type { AgentStatus, AgentTransportSettings, SmartAgentDriver } from '../../drivers/smart-agent.driver.js';
import { EndpointRepository } from '../endpoint-inventory/endpoint.repository.js';
import { ProxyCredentialsResolver } from '../endpoint-inventory/proxy-credentials.resolver.js';
import type { PendingLicenseModeChange } from '../license-mode-change/pending-license-mode-change.entity.js';
import { PendingLicenseModeChangeRepository } from '../license-mode-change/pending-license-mode-change.repository.js';
import { clusterRegistration } from './cluster-registration-status.js';
import { ClusterTargetResolver } from './cluster-target.resolver.js';
import { SmartAgentStateRepository } from './smart-agent-state.repository.js';


/**
 * HCM-F's CAA operations on one cluster: resolve the endpoint, run the application type's driver with one operation
 * at a time per cluster (its publisher), keep the last known smart-agent state, emit status changes and usage.
 */
@Injectable()
export class SmartAgentService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly publishers = new KeyedMutex();
  /** License mode changes being resumed at start, per cluster: a request for the same mode joins them. */
  private readonly resuming = new Map<string, { targetMode: LicenseMode; done: Promise<LicenseModeChange | undefined> }>();
  private closing = false;
  /** This process, as the owner of the license mode changes it works on (pending_license_mode_change.owner). */
  private readonly instanceId = randomUUID();
  private resumeTimer?: NodeJS.Timeout;
  private scanning = false;

  constructor(
    private readonly targets: ClusterTargetResolver,
    private readonly drivers: SmartAgentDrivers,
    private readonly states: SmartAgentStateRepository,
    private readonly endpoints: EndpointRepository,
    private readonly proxyCredentials: ProxyCredentialsResolver,
    private readonly pendingModes: PendingLicenseModeChangeRepository,
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: AppAdapterConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  /** Registers, then reads the agent's state in the same hold of the cluster: the caller verifies it from the result. */
  async register(type: ApplicationType, clusterId: string, token: string, force: boolean, onlyNodes?: readonly string[]): Promise<CaaOperationResult> {
    return this.changeRegistration(type, clusterId, 'register', 'registered', (driver, target) => driver.register(target, token, force, onlyNodes));
  }

  async deregister(type: ApplicationType, clusterId: string): Promise<CaaOperationResult> {
    return this.changeRegistration(type, clusterId, 'deregister', 'deregistered', (driver, target) => driver.deregister(target));
  }

  async renewId(type: ApplicationType, clusterId: string): Promise<CaaOperationResult> {
    return this.result(type, clusterId, 'renew-id', await this.exclusive(type, clusterId, 'renew-id', (driver, target) => driver.renewId(target)));
  }

  async renewAuth(type: ApplicationType, clusterId: string): Promise<CaaOperationResult> {
    return this.result(type, clusterId, 'renew-auth', await this.exclusive(type, clusterId, 'renew-auth', (driver, target) => driver.renewAuth(target)));
  }

  async getTransport(type: ApplicationType, clusterId: string): Promise<CaaClusterTransportSettings> {
    return { clusterId, ...(await this.exclusive(type, clusterId, 'transport.get', (driver, target) => driver.getTransport(target))) };
  }

  /**
   * The command names a proxy by host and port only (no secret crosses the bus): the driver gets the user and password
   * of the provisioned proxy it names, read from the encrypted inventory. The answer carries none of them.
   */
  async setTransport(type: ApplicationType, clusterId: string, settings: CaaTransportSettings): Promise<CaaClusterTransportSettings> {
    const applied = await this.exclusive(type, clusterId, 'transport.set', async (driver, target) => driver.setTransport(target, await this.agentTransport(clusterId, settings)));
    return {
      clusterId,
      mode: applied.mode,
      ...(applied.proxy ? { proxy: { host: applied.proxy.host, port: applied.proxy.port } } : {}),
      ...(applied.satelliteUrl ? { satelliteUrl: applied.satelliteUrl } : {}),
    };
  }

  private async agentTransport(clusterId: string, settings: CaaTransportSettings): Promise<AgentTransportSettings> {
    if (settings.mode !== 'Proxy' || !settings.proxy) return settings;
    const credentials = await this.proxyCredentials.credentialsFor(clusterId, settings.proxy);
    return credentials ? { ...settings, proxy: { ...settings.proxy, ...credentials } } : settings;
  }

  /** The live state read from the application (default), or the last known one without a call. */
  async status(type: ApplicationType, clusterId: string, source: 'application' | 'last-known' = 'application'): Promise<SmartAgentStatus> {
    if (source === 'last-known') return this.lastKnown(type, clusterId);
    return this.recordStatus(type, clusterId, await this.exclusive(type, clusterId, 'status', (driver, target) => driver.status(target)));
  }

  /** License usage per license type as the application reports it; also emitted as license-usage.reported. */
  async licenseUsage(type: ApplicationType, clusterId: string): Promise<LicenseUsageReport> {
    const usage = await this.exclusive(type, clusterId, 'license-usage', (driver, target) => driver.licenseUsage(target));
    const report: LicenseUsageReport = { clusterId, applicationType: type, licenseMode: usage.licenseMode, collectedAt: new Date().toISOString(), usage: usage.usage };
    // One INSERT: atomic on its own, no transaction needed.
    await enqueueEvent(this.dataSource.manager, CaaEvents.licenseUsageReported, report, { correlationId: clusterId });
    return report;
  }

  /** The publisher's deployment mode, and whether a change made through smartlic still owes its restart. */
  async getLicenseMode(type: ApplicationType, clusterId: string): Promise<LicenseModeState> {
    return this.exclusive(type, clusterId, 'license-mode.get', async (driver, target) => {
      const licenseMode = await driver.getLicenseMode(target);
      const pending = await this.pendingModes.find(clusterId);
      // A `setting` change whose mode the publisher already reports was set before app-adapter stopped: its restart is owed.
      const restartPending = pending !== undefined && (pending.step === 'restarting' || licenseMode === pending.targetMode);
      return { clusterId, licenseMode, restartPending };
    });
  }

  /**
   * HCM-F's license mode change (TN119377), through the platform's PAWS services: read the mode and stop when it is
   * already the wanted one; else set it and read it back, restart the publisher, poll until the restart is complete,
   * and read the mode again. The result carries the mode read last: another than the wanted one means the change did
   * not take (the caller reports SLMCT1003 / SLMCT1016). The cluster stays locked for the whole change.
   *
   * Crash-safe: the change is recorded (pending_license_mode_change) before the set and moved to `restarting` once
   * the set succeeded. A request for the mode of a recorded change finishes it (`resumed`) instead of starting over,
   * so the publisher is never set twice and never left without the restart it owes; start-up does the same.
   */
  async setLicenseMode(type: ApplicationType, clusterId: string, mode: LicenseMode, rebootDeadlineMs?: number): Promise<LicenseModeChange> {
    // The start-up resumption of this very change is running: its outcome is this request's.
    const resuming = this.resuming.get(clusterId);
    if (resuming?.targetMode === mode) {
      const finished = await resuming.done;
      if (finished) return finished;
    }
    return this.exclusive(type, clusterId, 'license-mode.set', async (driver, target) => {
      const deadlineMs = rebootDeadlineMs ?? this.config.CAA_REBOOT_DEADLINE_MS;
      const lease = this.config.CAA_LICENSE_MODE_LEASE_MS;
      let pending = await this.pendingModes.find(clusterId);
      if (pending) {
        const claimed = await this.pendingModes.claim(clusterId, this.instanceId, lease);
        // Another replica is making a change on this cluster now: wait for it (its outcome is this one's when the same mode).
        if (!claimed) return this.afterOtherOwner(driver, target, pending, mode, deadlineMs, () => this.setLicenseModeNow(type, driver, target, mode, deadlineMs, undefined));
        pending = claimed;
        if (pending.targetMode === mode) return this.withLease(clusterId, () => this.finishChange(driver, target, pending!, deadlineMs));
      }
      return this.setLicenseModeNow(type, driver, target, mode, deadlineMs, pending);
    });
  }

  /** A change from the publisher's current mode (held by this process; `superseded` is an earlier change to the other mode). */
  private async setLicenseModeNow(type: ApplicationType, driver: SmartAgentDriver, target: ClusterTarget, mode: LicenseMode, deadlineMs: number, superseded: PendingLicenseModeChange | undefined): Promise<LicenseModeChange> {
    const { clusterId } = target;
    const previousLicenseMode = await driver.getLicenseMode(target);
    const change = (licenseMode: LicenseMode, rebootMs: number | null): LicenseModeChange => ({ clusterId, licenseMode, previousLicenseMode, rebooted: rebootMs !== null, rebootMs, resumed: false });
    // A change to the other mode was left pending: the new one supersedes it (its restart applies whichever is set).
    if (previousLicenseMode === mode) {
      if (superseded) await this.pendingModes.remove(clusterId);
      return change(mode, null);
    }
    const record = await this.pendingModes.begin(
      { clusterId, applicationType: type, node: publisherOf(target).hostname, targetMode: mode, previousMode: previousLicenseMode },
      this.instanceId,
      this.config.CAA_LICENSE_MODE_LEASE_MS,
    );
    return this.withLease(clusterId, async () => {
      const set = await this.setRecorded(driver, target, record, deadlineMs);
      // Not taken: a restart would not apply it.
      if (set !== mode) return change(set, null);
      const rebootMs = await this.restartAndWait(target, record, deadlineMs, false);
      const licenseMode = await driver.getLicenseMode(target);
      await this.pendingModes.remove(clusterId);
      return change(licenseMode, rebootMs);
    });
  }

  /**
   * Runs `work` on a change this process holds, renewing its lease meanwhile; a failure releases it (it stays for the
   * next request; get reports the restart it may owe) rather than leaving it to be resumed on its own.
   */
  private async withLease<T>(clusterId: string, work: () => Promise<T>): Promise<T> {
    const lease = this.config.CAA_LICENSE_MODE_LEASE_MS;
    const renew = setInterval(() => void this.pendingModes.renew(clusterId, this.instanceId, lease).catch(() => undefined), Math.max(100, Math.floor(lease / 3)));
    renew.unref();
    try {
      return await work();
    } catch (error) {
      await this.pendingModes.release(clusterId, this.instanceId).catch(() => undefined);
      throw error;
    } finally {
      clearInterval(renew);
    }
  }

  /**
   * Another replica holds the cluster's pending change: polls until it is done (its result read back for the same
   * mode), or its lease lapses (this process takes the change over), or the deadline passes (CAA1077).
   */
  private async afterOtherOwner(
    driver: SmartAgentDriver,
    target: ClusterTarget,
    pending: PendingLicenseModeChange,
    mode: LicenseMode,
    deadlineMs: number,
    thenChange: () => Promise<LicenseModeChange>,
  ): Promise<LicenseModeChange> {
    const { clusterId } = target;
    const started = Date.now();
    this.logger.info({ clusterId, changeId: pending.changeId, owner: pending.owner }, 'another app-adapter is changing this license mode; waiting for it');
    for (;;) {
      await delay(this.config.CAA_REBOOT_POLL_MS);
      const current = await this.pendingModes.find(clusterId);
      if (current?.changeId !== pending.changeId) {
        if (pending.targetMode !== mode) return thenChange();
        // Removed only after its verify (or when the publisher refused it): the mode read now is its outcome.
        const licenseMode = await driver.getLicenseMode(target);
        return { clusterId, licenseMode, previousLicenseMode: pending.previousMode, rebooted: licenseMode === mode, rebootMs: null, resumed: true };
      }
      const claimed = await this.pendingModes.claim(clusterId, this.instanceId, this.config.CAA_LICENSE_MODE_LEASE_MS);
      if (claimed) {
        if (claimed.targetMode === mode) return this.withLease(clusterId, () => this.finishChange(driver, target, claimed, deadlineMs));
        return thenChange();
      }
      if (Date.now() - started >= deadlineMs) {
        throw SmartlicException.fromCode('CAA1077', { clusterId, reason: 'another app-adapter is still changing the license mode of this cluster', changeId: pending.changeId, rebootDeadlineMs: deadlineMs });
      }
    }
  }

  /**
   * Resumes the changes whose holder stopped mid-way (its lease expired: a crash of this or another replica), at start
   * and then every half lease, each in the hold of its cluster.
   */
  onApplicationBootstrap(): void {
    const scan = () => {
      if (this.scanning || this.closing) return;
      this.scanning = true;
      void this.resumeAbandoned()
        .catch((error: unknown) => this.logger.error({ err: (error as Error).message }, 'reading the pending license mode changes failed'))
        .finally(() => (this.scanning = false));
    };
    scan();
    this.resumeTimer = setInterval(scan, Math.max(100, Math.floor(this.config.CAA_LICENSE_MODE_LEASE_MS / 2)));
    this.resumeTimer.unref();
  }

  onApplicationShutdown(): void {
    this.closing = true;
    clearInterval(this.resumeTimer);
  }

  private async resumeAbandoned(): Promise<void> {
    for (const pending of await this.pendingModes.abandoned(this.config.CAA_APP_TYPES)) {
      const { clusterId, applicationType, targetMode, changeId } = pending;
      if (this.resuming.has(clusterId)) continue;
      const done = this.exclusive(applicationType, clusterId, 'license-mode.set', async (driver, target) => {
        // Finished, superseded or taken over meanwhile: nothing left to resume here.
        const claimed = this.closing ? undefined : await this.pendingModes.claim(clusterId, this.instanceId, this.config.CAA_LICENSE_MODE_LEASE_MS);
        if (claimed?.changeId !== changeId) return undefined;
        this.logger.info({ clusterId, changeId, targetMode, step: claimed.step, previousOwner: pending.owner }, 'resuming a license mode change cut short');
        return this.withLease(clusterId, () => this.finishChange(driver, target, claimed, this.config.CAA_REBOOT_DEADLINE_MS));
      })
        .catch((error: unknown) => {
          // Released: a later request for the mode resumes it; get reports the owed restart.
          this.logger.warn({ clusterId, changeId, err: (error as Error).message }, 'resuming the license mode change failed; it stays pending');
          return undefined;
        })
        .finally(() => this.resuming.delete(clusterId));
      this.resuming.set(clusterId, { targetMode, done });
    }
  }

  /**
   * Finishes a recorded change. `setting`: the set may or may not have reached the publisher, so the mode is read and
   * set only when it is not the wanted one yet. `restarting`: the set is done and the restart owed; it is not sent
   * again while the publisher is still restarting from the first attempt (getRestartSystemStatus processing, or the
   * publisher not answering), then the mode is verified.
   */
  private async finishChange(driver: SmartAgentDriver, target: ClusterTarget, pending: PendingLicenseModeChange, deadlineMs: number): Promise<LicenseModeChange> {
    const { clusterId, targetMode, previousMode: previousLicenseMode } = pending;
    const change = (licenseMode: LicenseMode, rebootMs: number | null): LicenseModeChange => ({ clusterId, licenseMode, previousLicenseMode, rebooted: rebootMs !== null, rebootMs, resumed: true });
    let underWay = false;
    if (pending.step === 'setting') {
      const current = await driver.getLicenseMode(target);
      const set = current === targetMode ? current : await this.setRecorded(driver, target, pending, deadlineMs);
      if (set !== targetMode) return change(set, null);
      await this.pendingModes.advance(clusterId, 'restarting');
    } else {
      underWay = await this.restartUnderWay(target);
    }
    const rebootMs = await this.restartAndWait(target, pending, deadlineMs, underWay);
    const licenseMode = await driver.getLicenseMode(target);
    await this.pendingModes.remove(clusterId);
    this.logger.info({ clusterId, changeId: pending.changeId, licenseMode }, 'license mode change resumed and verified');
    return change(licenseMode, rebootMs);
  }

  /**
   * setDeploymentMode of a recorded change; the record moves to `restarting` when the publisher took the mode. A refusal
   * (the publisher answered) drops the record; a dropped connection keeps it, the set may have been applied.
   */
  private async setRecorded(driver: SmartAgentDriver, target: ClusterTarget, pending: PendingLicenseModeChange, deadlineMs: number): Promise<LicenseMode> {
    let set: LicenseMode;
    try {
      set = await this.applyMode(driver, target, pending, deadlineMs);
    } catch (error) {
      if (!(error instanceof SmartlicException) || error.code !== 'CAA1046') await this.pendingModes.remove(target.clusterId);
      throw error;
    }
    if (set === pending.targetMode) await this.pendingModes.advance(target.clusterId, 'restarting');
    else await this.pendingModes.remove(target.clusterId);
    return set;
  }

  /**
   * setDeploymentMode; on a release without it, the guide's mode COP file installed through PAWS from the configured
   * SFTP server (CAA_COP_SFTP_*), then the mode read back. Without that server the change fails with CAA1077 naming it.
   */
  private async applyMode(driver: SmartAgentDriver, target: ClusterTarget, pending: PendingLicenseModeChange, deadlineMs: number): Promise<LicenseMode> {
    try {
      return (await driver.setLicenseMode(target, pending.targetMode)).licenseMode;
    } catch (error) {
      if (!lacksSetDeploymentMode(error)) throw error;
    }
    const { CAA_COP_SFTP_SERVER: server, CAA_COP_SFTP_DIRECTORY: directory, CAA_COP_SFTP_USER: user, CAA_COP_SFTP_PASSWORD: password } = this.config;
    if (!server || !directory || !user || !password) {
      throw SmartlicException.fromCode('CAA1077', {
        clusterId: target.clusterId,
        node: publisherOf(target).hostname,
        operation: 'setDeploymentMode',
        reason: 'this release has no setDeploymentMode and no COP file server is configured (CAA_COP_SFTP_SERVER, CAA_COP_SFTP_DIRECTORY, CAA_COP_SFTP_USER, CAA_COP_SFTP_PASSWORD)',
      });
    }
    this.logger.info({ clusterId: target.clusterId, changeId: pending.changeId, licenseMode: pending.targetMode, copServer: server }, 'no setDeploymentMode on this release; installing the mode COP file through PAWS');
    await this.drivers.licenseMode.installModeCop(target, pending.targetMode, { server, directory, user, password }, pending.changeId, { pollMs: this.config.CAA_REBOOT_POLL_MS, deadlineMs });
    return this.drivers.licenseMode.get(target);
  }

  /** Restarts the publisher (unless a restart is already under way) and polls until it is back; the time it took. */
  private async restartAndWait(target: ClusterTarget, pending: PendingLicenseModeChange, deadlineMs: number, underWay: boolean): Promise<number> {
    const { clusterId, targetMode: licenseMode, changeId } = pending;
    const started = Date.now();
    if (underWay) {
      this.logger.info({ clusterId, changeId, licenseMode, deadlineMs }, 'the publisher is still restarting from the earlier attempt; waiting for it');
    } else {
      this.logger.info({ clusterId, changeId, licenseMode, deadlineMs }, 'license mode set; restarting the publisher');
      await this.drivers.licenseMode.restartPublisher(target);
    }
    await this.untilRestarted(target, started, deadlineMs);
    const rebootMs = Date.now() - started;
    this.logger.info({ clusterId, changeId, licenseMode, rebootMs }, 'publisher restarted');
    return rebootMs;
  }

  /** Whether the publisher is restarting now: getRestartSystemStatus answers processing, or the publisher does not answer. */
  private async restartUnderWay(target: ClusterTarget): Promise<boolean> {
    try {
      return (await this.drivers.licenseMode.restartStatus(target)) === 'processing';
    } catch (error) {
      if (error instanceof SmartlicException && error.code === 'CAA1046') return true;
      throw error;
    }
  }

  /**
   * Polls `getRestartSystemStatus` every CAA_REBOOT_POLL_MS until it answers complete. Meanwhile the publisher drops
   * connections (CAA1046) or answers processing; past the deadline that last observation is the error.
   */
  private async untilRestarted(target: ClusterTarget, started: number, deadlineMs: number): Promise<void> {
    const { clusterId } = target;
    for (;;) {
      await delay(Math.min(this.config.CAA_REBOOT_POLL_MS, Math.max(0, started + deadlineMs - Date.now())));
      let unreachable: SmartlicException | undefined;
      try {
        if ((await this.drivers.licenseMode.restartStatus(target)) === 'complete') return;
      } catch (error) {
        if (!(error instanceof SmartlicException) || error.code !== 'CAA1046') throw error;
        unreachable = error;
      }
      if (Date.now() - started >= deadlineMs) {
        const reason = unreachable ? 'the publisher did not answer again before the restart deadline' : 'getRestartSystemStatus still answers processing at the restart deadline';
        throw SmartlicException.fromCode(unreachable ? 'CAA1046' : 'CAA1077', { clusterId, reason, rebootDeadlineMs: deadlineMs, ...(unreachable ? { cause: unreachable.details?.cause } : {}) });
      }
    }
  }

  /** Clusters of a type whose last known state has a registration (for usage collection). */
  registeredClusters(type: ApplicationType): Promise<string[]> {
    return this.endpoints.registeredClusterIds(type);
  }

  private async lastKnown(type: ApplicationType, clusterId: string): Promise<SmartAgentStatus> {
    const endpoint = await this.endpoints.find(clusterId);
    const stored = await this.states.find(clusterId);
    return {
      clusterId,
      applicationType: endpoint?.applicationType ?? type,
      registrationStatus: 'unknown',
      authorizationStatus: null,
      smartAccount: null,
      virtualAccount: null,
      virtualAccounts: [],
      registrationExpires: null,
      authorizationExpires: null,
      licenseMode: null,
      nodes: [],
      ...(stored?.state ?? {}),
      known: Boolean(endpoint),
      checkedAt: stored ? stored.checkedAt.toISOString() : null,
    };
  }

  private async exclusive<T>(type: ApplicationType, clusterId: string, operation: CaaOperation, run: (driver: SmartAgentDriver, target: ClusterTarget) => Promise<T>): Promise<T> {
    const target = await this.targets.resolve(type, clusterId);
    return this.publishers.run(clusterId, async () => {
      try {
        return await run(this.drivers.of(type), target);
      } catch (error) {
        if (error instanceof SmartlicException) this.logger.warn({ clusterId, applicationType: type, operation, code: error.code, details: error.details }, 'CAA operation failed');
        throw error;
      }
    });
  }

  /**
   * register / deregister followed by a status read. A failed read after a successful operation does not fail it: the
   * state is marked with the operation's outcome and the result has no status (the caller reads it).
   */
  private async changeRegistration(
    type: ApplicationType,
    clusterId: string,
    operation: 'register' | 'deregister',
    expected: 'registered' | 'deregistered',
    change: (driver: SmartAgentDriver, target: ClusterTarget) => Promise<TargetNode[]>,
  ): Promise<CaaOperationResult> {
    const { nodes, agent } = await this.exclusive(type, clusterId, operation, async (driver, target) => {
      const changed = await change(driver, target);
      try {
        return { nodes: changed, agent: await driver.status(target) };
      } catch (error) {
        this.logger.warn({ clusterId, applicationType: type, operation, err: (error as Error).message }, 'status read after the operation failed; the caller reads it again');
        return { nodes: changed, agent: undefined };
      }
    });
    if (!agent) {
      await this.states.markRegistration(clusterId, expected);
      return this.result(type, clusterId, operation, nodes);
    }
    return { ...this.result(type, clusterId, operation, nodes), status: await this.recordStatus(type, clusterId, agent) };
  }

  /** Stores a status read (and its change event when it changed) and returns it as the contract's status. */
  private async recordStatus(type: ApplicationType, clusterId: string, agent: AgentStatus): Promise<SmartAgentStatus> {
    const checkedAt = new Date();
    const status: SmartAgentStatus = {
      clusterId,
      applicationType: type,
      ...clusterRegistration(agent.nodes),
      licenseMode: agent.licenseMode,
      nodes: agent.nodes.map((n) => ({
        hostname: n.hostname,
        address: n.address,
        registrationStatus: n.registrationStatus,
        authorizationStatus: n.authorizationStatus,
        smartAccount: n.smartAccount,
        virtualAccount: n.virtualAccount,
      })),
      known: true,
      checkedAt: checkedAt.toISOString(),
    };
    const { known: _k, checkedAt: _c, clusterId: _id, ...state } = status;
    await this.states.save(clusterId, state, checkedAt, outboxRecord(CaaEvents.smartAgentStatusChanged, status, { correlationId: clusterId }));
    return status;
  }

  private result(applicationType: ApplicationType, clusterId: string, operation: CaaOperation, nodes: TargetNode[]): CaaOperationResult {
    return { clusterId, applicationType, operation, nodes: nodes.map((n) => ({ hostname: n.hostname, address: n.address })) };
  }
}
