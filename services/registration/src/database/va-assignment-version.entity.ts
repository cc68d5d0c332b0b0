import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A sequence per virtual account for its assignment counts (taking the next number locks the row).
 */
@Entity({ name: 'va_assignment_version' })
export class VaAssignmentVersion {
  @PrimaryColumn({ name: 'virtual_account_id', type: 'text' })
  virtualAccountId!: string;

  @Column({ type: 'bigint' })
  version!: string;
}
