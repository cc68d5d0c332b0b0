import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SmartAgentStatus } from '#libs/contracts';
import { EndpointRepository } from '../endpoint-inventory/endpoint.repository.js';

/**
 * What app-adapter knows of a cluster's smart agent. Until the drivers read the application itself, the state
 * is the last one stored, or `unknown`.
 */
@Injectable()
export class SmartAgentService {
  constructor(
    private readonly endpoints: EndpointRepository,
    private readonly dataSource: DataSource,
  ) {}

  async status(clusterId: string): Promise<SmartAgentStatus> {
    const endpoint = await this.endpoints.find(clusterId);
    const rows: { state: Partial<SmartAgentStatus>; checked_at: Date }[] = await this.dataSource.query('SELECT state, checked_at FROM smart_agent_state WHERE cluster_id = $1', [clusterId]);
    const stored = rows[0];
    return {
      clusterId,
      applicationType: endpoint?.application_type ?? null,
      registrationStatus: 'unknown',
      authorizationStatus: null,
      smartAccount: null,
      virtualAccount: null,
      virtualAccounts: [],
      registrationExpires: null,
      authorizationExpires: null,
      ...(stored?.state ?? {}),
      known: Boolean(endpoint),
      checkedAt: stored ? stored.checked_at.toISOString() : null,
    };
  }
}
