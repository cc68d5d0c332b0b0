import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import type { ProxyColumn } from './smart-account.entity.js';

/**
 * The one global Transport Mode (guide: "Configure Transport Mode"): direct, proxy or on-prem, proxy password encrypted.
 */
@Entity({ name: 'transport_mode' })
@Check('transport_mode_id_check', `(id = 1)`)
export class TransportMode {
  @PrimaryColumn({ type: 'smallint' })
  id!: number;

  @Column({ name: 'transport_mode', type: 'text' })
  transportMode!: 'Direct' | 'Proxy';

  @Column({ name: 'authentication_gateway', type: 'text' })
  authenticationGateway!: string;

  @Column({ name: 'cssm_server', type: 'text' })
  cssmServer!: string;

  @Column({ type: 'jsonb', nullable: true })
  proxy!: ProxyColumn | null;

  @Column({ name: 'proxy_password', type: 'text', nullable: true })
  proxyPassword!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
