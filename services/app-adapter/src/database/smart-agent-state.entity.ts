import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The smart agent's state of a cluster as last read from the application (status events, inventories).
 */
@Entity({ name: 'smart_agent_state' })
export class SmartAgentState {
  @PrimaryColumn({ name: 'cluster_id', type: 'text' })
  clusterId!: string;

  @Column({ type: 'jsonb' })
  state!: unknown;

  @Column({ name: 'checked_at', type: 'timestamptz' })
  checkedAt!: Date;
}
