import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { StoredSmartAgentState } from '../modules/smart-agent/smart-agent-state.repository.js';

/**
 * The smart agent's state of a cluster as last read from the application (status events, inventories).
 */
@Entity({ name: 'smart_agent_state' })
export class SmartAgentState {
  @PrimaryColumn({ name: 'cluster_id', type: 'text' })
  clusterId!: string;

  @Column({ type: 'jsonb' })
  /** The state as last known; an operation's outcome may have set only part of it. */
  state!: Partial<StoredSmartAgentState>;

  @Column({ name: 'checked_at', type: 'timestamptz' })
  checkedAt!: Date;
}
