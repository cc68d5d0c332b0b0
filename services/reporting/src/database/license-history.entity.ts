import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A day's purchased and consumed count of one license for one virtual account (`scope_id` smart account id / VA
 * name, as the dashboard's rows) or customer: the License Dashboard's history. The last change of the day wins.
 */
@Entity({ name: 'license_history' })
// The retention prune's index, owned by the migration.
@Index('license_history_day', { synchronize: false })
export class LicenseHistory {
  @PrimaryColumn({ type: 'text' })
  scope!: 'virtual-account' | 'customer';

  @PrimaryColumn({ name: 'scope_id', type: 'text' })
  scopeId!: string;

  @PrimaryColumn({ type: 'date' })
  day!: string;

  @PrimaryColumn({ type: 'text' })
  license!: string;

  @Column({ name: 'scope_name', type: 'text' })
  scopeName!: string;

  @Column({ type: 'int' })
  purchased!: number;

  @Column({ type: 'int' })
  consumed!: number;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
