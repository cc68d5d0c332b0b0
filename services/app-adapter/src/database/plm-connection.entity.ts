import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How app-adapter reaches one Prime License Manager (registration owns the instance): the OS admin password sealed. */
@Entity({ name: 'plm_connection' })
export class PlmConnection {
  @PrimaryColumn({ name: 'license_manager_id', type: 'text' })
  licenseManagerId!: string;

  @Column({ type: 'text' })
  hostname!: string;

  @Column({ type: 'integer' })
  port!: number;

  @Column({ type: 'text' })
  username!: string;

  @Column({ name: 'password_ciphertext', type: 'text' })
  passwordCiphertext!: string;

  /** The trust the operator gave (a CA, or verification off); null: the system's CAs. */
  @Column({ type: 'jsonb', nullable: true })
  tls!: { caPem?: string; insecureSkipVerify?: boolean } | null;

  @Column({ type: 'text' })
  version!: string;

  @Column({ name: 'api_version', type: 'text' })
  apiVersion!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
