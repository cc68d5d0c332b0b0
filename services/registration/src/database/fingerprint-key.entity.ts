import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The key of the credentials' keyed digest (`credentials_fingerprint`): tells a changed password from an unchanged
 * one without storing it.
 */
@Entity({ name: 'fingerprint_key' })
@Check('fingerprint_key_id_check', `(id = 1)`)
export class FingerprintKey {
  @PrimaryColumn({ type: 'int', default: 1 })
  id!: number;

  @Column({ type: 'text' })
  key!: string;
}
