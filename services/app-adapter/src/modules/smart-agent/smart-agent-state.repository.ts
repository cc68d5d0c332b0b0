import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SmartAgentStatus } from '#libs/contracts';
import type { OutboxRecord } from '#libs/messaging';
import { prepared, queryPrepared, selectAs } from '#libs/persistence';
import { SmartAgentState } from '../../database/smart-agent-state.entity.js';

export type StoredSmartAgentState = Omit<SmartAgentStatus, 'known' | 'checkedAt' | 'clusterId'>;

// Run on every status read and every register / deregister: prepared once per connection.
const SAVE = prepared(
  'app-adapter.smart-agent-state.save',
  `WITH previous AS (SELECT state FROM smart_agent_state WHERE cluster_id = $1 FOR UPDATE),
   changed AS (SELECT NOT EXISTS (SELECT 1 FROM previous WHERE previous.state = $2::jsonb) AS changed),
   saved AS (
     INSERT INTO smart_agent_state AS s (cluster_id, state, checked_at) VALUES ($1, $2, $3)
     ON CONFLICT (cluster_id) DO UPDATE SET state = excluded.state, checked_at = excluded.checked_at
     RETURNING cluster_id),
   event AS (
     INSERT INTO outbox (id, subject, payload, headers)
     SELECT $4::uuid, $5::text, $6::jsonb, $7::jsonb FROM changed WHERE changed.changed
     RETURNING id)
   SELECT changed.changed FROM changed, saved`,
);
const MARK_REGISTRATION = prepared(
  'app-adapter.smart-agent-state.mark-registration',
  `INSERT INTO smart_agent_state (cluster_id, state, checked_at) VALUES ($1, jsonb_build_object('registrationStatus', $2::text), now())
   ON CONFLICT (cluster_id) DO UPDATE SET state = smart_agent_state.state || jsonb_build_object('registrationStatus', $2::text), checked_at = now()`,
);

/** The last known smart-agent state per cluster (from live reads and successful operations). */
@Injectable()
export class SmartAgentStateRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(clusterId: string, manager: EntityManager = this.dataSource.manager): Promise<Pick<SmartAgentState, 'state' | 'checkedAt'> | undefined> {
    const rows: Pick<SmartAgentState, 'state' | 'checkedAt'>[] = await manager.query(`SELECT ${selectAs(SmartAgentState, ['state', 'checkedAt'])} FROM smart_agent_state WHERE cluster_id = $1`, [
      clusterId,
    ]);
    return rows[0];
  }

  /**
   * Stores the state and, when it differs from the one stored before (jsonb equality ignores key order), writes
   * `changeEvent` to the outbox: one statement, atomic without a transaction. True when it changed.
   */
  async save(clusterId: string, state: Partial<StoredSmartAgentState>, checkedAt: Date, changeEvent: OutboxRecord): Promise<boolean> {
    const rows = await queryPrepared<{ changed: boolean }>(this.dataSource, SAVE, [clusterId, JSON.stringify(state), checkedAt, changeEvent.id, changeEvent.subject, changeEvent.payload, changeEvent.headers]);
    return rows[0]!.changed;
  }

  /** Only the registration status changes (after a successful register / deregister, before the next read). */
  async markRegistration(clusterId: string, registrationStatus: SmartAgentStatus['registrationStatus']): Promise<void> {
    await queryPrepared(this.dataSource, MARK_REGISTRATION, [clusterId, registrationStatus]);
  }
}
