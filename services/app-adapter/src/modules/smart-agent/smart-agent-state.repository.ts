import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SmartAgentStatus } from '#libs/contracts';

export type StoredSmartAgentState = Omit<SmartAgentStatus, 'known' | 'checkedAt' | 'clusterId'>;

/** The last known smart-agent state per cluster (from live reads and successful operations). */
@Injectable()
export class SmartAgentStateRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(clusterId: string, manager: EntityManager = this.dataSource.manager): Promise<{ state: Partial<StoredSmartAgentState>; checkedAt: Date } | undefined> {
    const rows: { state: Partial<StoredSmartAgentState>; checked_at: Date }[] = await manager.query(
      'SELECT state, checked_at FROM smart_agent_state WHERE cluster_id = $1',
      [clusterId],
    );
    return rows[0] ? { state: rows[0].state, checkedAt: rows[0].checked_at } : undefined;
  }

  /** Stores the state; true when it differs from the one stored before (jsonb equality ignores key order). */
  async save(manager: EntityManager, clusterId: string, state: Partial<StoredSmartAgentState>, checkedAt: Date): Promise<boolean> {
    const rows: { changed: boolean }[] = await manager.query(
      `WITH previous AS (SELECT state FROM smart_agent_state WHERE cluster_id = $1 FOR UPDATE)
       INSERT INTO smart_agent_state AS s (cluster_id, state, checked_at) VALUES ($1, $2, $3)
       ON CONFLICT (cluster_id) DO UPDATE SET state = excluded.state, checked_at = excluded.checked_at
       RETURNING NOT EXISTS (SELECT 1 FROM previous WHERE previous.state = $2::jsonb) AS changed`,
      [clusterId, JSON.stringify(state), checkedAt],
    );
    return rows[0]!.changed;
  }

  /** Only the registration status changes (after a successful register / deregister, before the next read). */
  async markRegistration(clusterId: string, registrationStatus: SmartAgentStatus['registrationStatus']): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO smart_agent_state (cluster_id, state, checked_at) VALUES ($1, jsonb_build_object('registrationStatus', $2::text), now())
       ON CONFLICT (cluster_id) DO UPDATE SET state = smart_agent_state.state || jsonb_build_object('registrationStatus', $2::text), checked_at = now()`,
      [clusterId, registrationStatus],
    );
  }
}
