import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { RegistrationEvents, type ClusterStatus, type Envelope, type SmartAgentStatus } from '#libs/contracts';
import { claimInboxBatch, enqueueEvents, outboxItem, type OutboxItem } from '#libs/messaging';
import { AgentStateRepository, vaKey, type AgentStateRow, type ObservationBasisRow, type ResolvedVirtualAccount } from './agent-state.repository.js';
import { observedClusterStatus, type ObservedAgent, type ObservedStatus, type StatusBasis } from './observed-status.js';

/** One read of a cluster's smart agent. */
export interface Observation {
  clusterId: string;
  agent: ObservedAgent;
}

/** The observation a status answer or status event carries; none when app-adapter never read the application. */
export const observationOf = (s: SmartAgentStatus): Observation | undefined =>
  s.checkedAt && s.registrationStatus !== 'unknown'
    ? {
        clusterId: s.clusterId,
        agent: {
          registrationStatus: s.registrationStatus,
          smartAccount: s.smartAccount,
          virtualAccount: s.virtualAccount,
          virtualAccounts: s.virtualAccounts,
          registrationExpires: s.registrationExpires,
          authorizationStatus: s.authorizationStatus,
          authorizationExpires: s.authorizationExpires,
          nodes: s.nodes,
          checkedAt: new Date(s.checkedAt),
        },
      }
    : undefined;

const ACTIVE = new Set(['Queued', 'In Progress']);

/** What the Cluster Summary shows for a cluster: status and the virtual account with its smart account. */
interface Shown {
  status: ClusterStatus | null;
  virtualAccount: string | null;
  smartAccountId: string | null;
}

/** The stored observation is shown while the job it was decided against is still the cluster's latest, and finished. */
const shownBefore = (b: ObservationBasisRow): Shown => {
  const applies = b.observedStatus !== null && b.basisJobId === b.lastJobId && !(b.jobStatus && ACTIVE.has(b.jobStatus));
  const observedVa = applies && b.observedVirtualAccount !== null;
  return {
    status: applies ? b.observedStatus : b.status,
    virtualAccount: observedVa ? b.observedVirtualAccount : b.virtualAccount,
    smartAccountId: observedVa ? b.observedSmartAccountId : b.smartAccountId,
  };
};

const basisOf = (b: ObservationBasisRow): StatusBasis => ({
  clusterType: b.type,
  assignedVirtualAccount: b.virtualAccount,
  trigger: b.trigger,
  lastJob: b.jobType && b.jobStatus && b.jobTrigger
    ? { jobType: b.jobType, trigger: b.jobTrigger, status: b.jobStatus, completedAt: b.jobCompletedAt, virtualAccount: b.jobVirtualAccount }
    : null,
});

/**
 * The observed-state projection: each read of a smart agent (app-adapter's status-changed events, the answers to a
 * status refresh) is stored with the Cluster Summary status it gives against the cluster's latest job
 * (observed-status.ts), and a changed Cluster Summary status is announced like a job's (cluster.status-changed).
 */
@Injectable()
export class AgentStateService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly states: AgentStateRepository,
  ) {}

  /** app-adapter's status-changed events, a batch per transaction; redeliveries change nothing. */
  async applyEvents(events: Envelope<SmartAgentStatus>[], consumer: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const fresh = await claimInboxBatch(m, consumer, events.map((e) => e.id));
      const observations = events.filter((e) => fresh.has(e.id)).map((e) => observationOf(e.data)).filter((o): o is Observation => o !== undefined);
      await this.recordIn(m, observations);
    });
  }

  /** Observations read by a status refresh. */
  async record(observations: Observation[]): Promise<void> {
    if (!observations.length) return;
    await this.dataSource.transaction((m) => this.recordIn(m, observations));
  }

  recordRefreshError(clusterId: string, error: { code: string; message: string }): Promise<void> {
    return this.states.saveRefreshError(clusterId, error);
  }

  private async recordIn(m: EntityManager, observations: Observation[]): Promise<void> {
    if (!observations.length) return;
    // The newest read of each cluster: older ones in the same batch say nothing more.
    const latest = new Map<string, Observation>();
    for (const o of observations) {
      const seen = latest.get(o.clusterId);
      if (!seen || o.agent.checkedAt > seen.agent.checkedAt) latest.set(o.clusterId, o);
    }
    const ids = [...latest.keys()].sort();
    const basis = await this.states.basis(m, ids);
    const unknownChecked = await this.states.checkedAt(m, ids.filter((id) => !basis.has(id)));
    const fresh = [...latest.values()].filter((o) => {
      const stored = basis.get(o.clusterId)?.checkedAt ?? unknownChecked.get(o.clusterId);
      return !stored || o.agent.checkedAt > stored;
    });
    if (!fresh.length) return;
    const names = fresh.flatMap((o) => (o.agent.virtualAccount ? [{ smartAccount: o.agent.smartAccount, virtualAccount: o.agent.virtualAccount }] : []));
    const resolved = await this.states.resolveVirtualAccounts(m, names);
    const rows: AgentStateRow[] = [];
    const events: OutboxItem[] = [];
    for (const o of fresh) {
      const b = basis.get(o.clusterId);
      const derived = b ? observedClusterStatus(o.agent, basisOf(b)) : null;
      const va = derived?.virtualAccount ? resolved.get(vaKey(o.agent.smartAccount, derived.virtualAccount)) : undefined;
      rows.push(this.row(o, b, derived, va));
      if (!b) continue;
      const before = shownBefore(b);
      const after = derived
        ? {
            status: derived.status,
            virtualAccount: derived.virtualAccount ?? b.virtualAccount,
            smartAccountId: derived.virtualAccount ? (va?.smartAccountId ?? null) : b.smartAccountId,
          }
        : { status: b.status, virtualAccount: b.virtualAccount, smartAccountId: b.smartAccountId };
      if (before.status !== after.status || before.virtualAccount !== after.virtualAccount) events.push(this.statusChanged(b, after, derived));
    }
    await this.states.save(m, rows);
    await enqueueEvents(m, events);
  }

  private row(o: Observation, b: ObservationBasisRow | undefined, derived: ObservedStatus | null, va: ResolvedVirtualAccount | undefined): AgentStateRow {
    const { checkedAt, ...agent } = o.agent;
    return {
      clusterId: o.clusterId,
      agent,
      checkedAt,
      status: derived?.status ?? null,
      source: derived?.source ?? null,
      description: derived?.description ?? null,
      recommendedAction: derived?.recommendedAction ?? null,
      virtualAccount: derived?.virtualAccount ?? null,
      virtualAccountId: va?.id ?? null,
      smartAccount: derived?.virtualAccount ? (va?.smartAccountName ?? o.agent.smartAccount) : null,
      smartAccountId: va?.smartAccountId ?? null,
      basisJobId: b?.lastJobId ?? null,
    };
  }

  private statusChanged(b: ObservationBasisRow, shown: Shown, derived: ObservedStatus | null): OutboxItem {
    return outboxItem(
      RegistrationEvents.clusterStatusChanged,
      {
        clusterId: b.id,
        customerId: b.customerId,
        type: b.type,
        smartAccountId: shown.smartAccountId,
        virtualAccount: shown.virtualAccount,
        status: shown.status,
        jobId: b.lastJobId,
        errorCode: null,
        statusInfo: derived?.description ?? null,
        recommendedAction: derived?.recommendedAction ?? null,
        changedAt: new Date().toISOString(),
      },
      { correlationId: b.id },
    );
  }
}
