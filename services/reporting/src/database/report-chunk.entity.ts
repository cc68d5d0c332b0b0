import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { ReportRun } from './report-run.entity.js';

/**
 * A chunk of a report run's content (reports are written and read in chunks).
 */
@Entity({ name: 'report_chunk' })
@ForeignKey(() => ReportRun, ['report_id'], ['id'], { name: 'report_chunk_report_id_fkey', onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
export class ReportChunk {
  @PrimaryColumn({ name: 'report_id', type: 'uuid' })
  reportId!: string;

  @PrimaryColumn({ type: 'int' })
  seq!: number;

  @Column({ type: 'bytea' })
  data!: Buffer;
}
