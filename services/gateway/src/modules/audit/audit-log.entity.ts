import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A row of `audit_log`: one operator mutation through the REST API (who, what, outcome, trace id). The one definition
 * of the row: the repository reads and writes it through TypeORM, and `e2e/entities-match-migrations` proves it
 * matches the table the migration creates.
 */
@Entity({ name: 'audit_log' })
// A descending index TypeORM's decorators cannot express: the migration owns it.
@Index('audit_log_at', { synchronize: false })
export class AuditLogEntry {
  /** bigserial: pg answers int8 as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'text', array: true })
  roles!: string[];

  @Column({ type: 'text' })
  method!: string;

  @Column({ type: 'text' })
  path!: string;

  @Column({ type: 'int' })
  status!: number;

  @Column({ name: 'trace_id', type: 'text', nullable: true })
  traceId!: string | null;

  /** Never the request body: bodies carry secrets. */
  @Column({ type: 'jsonb', nullable: true })
  detail!: Record<string, unknown> | null;
}
