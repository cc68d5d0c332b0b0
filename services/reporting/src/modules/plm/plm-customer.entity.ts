import { Entity, PrimaryColumn } from 'typeorm';

/** A customer assigned to a Prime License Manager. */
@Entity({ name: 'plm_customer' })
export class PlmCustomer {
  @PrimaryColumn({ name: 'license_manager_id', type: 'text' })
  licenseManagerId!: string;

  @PrimaryColumn({ name: 'customer_id', type: 'text' })
  customerId!: string;
}
