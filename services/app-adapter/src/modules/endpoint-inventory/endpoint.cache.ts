import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Credential } from '#libs/contracts';
import { SERVICE_CONFIG } from '#libs/service-kit';
import type { AppAdapterConfig } from '../../config/app-adapter.config.js';
import type { CredentialKind } from '../../drivers/cluster-target.js';
import { CredentialVault } from './credential-vault.js';
import { EndpointChangesPort } from './endpoint-changes.port.js';
import { EndpointRepository, type EndpointRow } from './endpoint.repository.js';

export interface ResolvedEndpoint {
  endpoint: EndpointRow;
  credentials: Partial<Record<CredentialKind, Credential>>;
}

/** Bounds the memory of the cache: a job's calls to one cluster come within seconds, not across thousands of others. */
const MAX_ENTRIES = 20_000;

/**
 * The endpoints of the clusters being worked on, with their credentials decrypted, kept for CAA_ENDPOINT_CACHE_TTL_MS:
 * one cluster job makes five to eleven calls to its application, each of which would otherwise read and decrypt the
 * same row. A replica that commits an inventory change drops the entries at once and tells the other replicas over
 * core NATS (AppAdapterBroadcasts.endpointsChanged); the TTL bounds the staleness of a notification that got lost.
 * Unknown clusters are not cached: one provisioned a moment later is found by the next call.
 */
@Injectable()
export class EndpointCache implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly entries = new Map<string, { value: ResolvedEndpoint; expiresAt: number }>();
  private unsubscribe?: () => void;
  /** Bumped by every invalidation: a row read while one happened is not cached (it may predate the change). */
  private generation = 0;

  constructor(
    private readonly endpoints: EndpointRepository,
    private readonly vault: CredentialVault,
    private readonly notices: EndpointChangesPort,
    @Inject(SERVICE_CONFIG) private readonly config: AppAdapterConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.notices.subscribe((clusterIds) => this.drop(clusterIds));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  async find(clusterId: string): Promise<ResolvedEndpoint | undefined> {
    const ttl = this.config.CAA_ENDPOINT_CACHE_TTL_MS;
    const now = Date.now();
    const cached = this.entries.get(clusterId);
    if (cached && cached.expiresAt > now) return cached.value;
    const generation = this.generation;
    const endpoint = await this.endpoints.find(clusterId);
    if (!endpoint) {
      this.entries.delete(clusterId);
      return undefined;
    }
    const credentials = endpoint.credentialsCiphertext ? this.vault.open<ResolvedEndpoint['credentials']>(clusterId, endpoint.credentialsCiphertext) : {};
    const value = { endpoint, credentials };
    if (ttl > 0 && generation === this.generation) {
      this.entries.delete(clusterId);
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(clusterId, { value, expiresAt: now + ttl });
    }
    return value;
  }

  /** After a committed inventory change: drops the clusters here and in every other replica. */
  changed(clusterIds: string[]): void {
    if (!clusterIds.length) return;
    this.drop(clusterIds);
    this.notices.publish(clusterIds);
  }

  private drop(clusterIds: string[]): void {
    this.generation += 1;
    for (const id of clusterIds) this.entries.delete(id);
  }
}
