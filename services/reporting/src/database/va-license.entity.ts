import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A subscription line of a virtual account's license, as sync reports it. */
export interface VaLicenseDetail {
  licenseType: string;
  quantity: number;
  subscriptionId?: string | null;
  endDate?: string | null;
}

/**
 * A license of a virtual account as sync's events report it (read model).
 */
@Entity({ name: 'va_license' })
export class VaLicense {
  @PrimaryColumn({ name: 'smart_account_id', type: 'text' })
  smartAccountId!: string;

  @PrimaryColumn({ name: 'virtual_account', type: 'text' })
  virtualAccount!: string;

  @PrimaryColumn({ type: 'text' })
  license!: string;

  @Column({ type: 'int' })
  quantity!: number;

  @Column({ name: 'in_use', type: 'int' })
  inUse!: number;

  @Column({ type: 'int' })
  available!: number;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'jsonb', default: [] })
  details!: VaLicenseDetail[];

  @Column({ name: 'source_occurred_at', type: 'timestamptz' })
  sourceOccurredAt!: Date;
}
