import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { LicenseMode, VirtualAccountSummary } from '#libs/contracts';
import { selectAs } from '#libs/persistence';
import { SmartAccount } from '../../database/smart-account.entity.js';
import { VirtualAccount } from '../../database/virtual-account.entity.js';

export interface VirtualAccountRecord {
  id: string;
  smartAccountId: string;
  name: string;
  satelliteRegistrationUrl: string | null;
}

const SUMMARY_FIELDS = ['id', 'name', 'description', 'smartAccountId', 'accessLevel', 'licenseMode'] as const;

/** The VA with its smart account's name and domain (the smart account's own when sync still announces it) and counts. */
type SummaryRow = Pick<VirtualAccount, (typeof SUMMARY_FIELDS)[number] | 'smartAccountName' | 'smartAccountDomain'> & {
  /** count(*): bigint, answered as a string. */
  clusters: string;
  customers: string;
  total?: string;
};

const toSummary = (r: SummaryRow): VirtualAccountSummary => ({
  id: r.id,
  name: r.name,
  description: r.description,
  smartAccountId: r.smartAccountId,
  smartAccountName: r.smartAccountName,
  smartAccountDomain: r.smartAccountDomain,
  accessLevel: r.accessLevel,
  licenseMode: r.licenseMode,
  clusters: Number(r.clusters),
  customers: Number(r.customers),
});

const SUMMARY = `SELECT ${selectAs(VirtualAccount, SUMMARY_FIELDS, 'va')}, COALESCE(sa.name, va.smart_account_name) AS "smartAccountName",
    COALESCE(sa.domain, va.smart_account_domain) AS "smartAccountDomain",
    (SELECT count(*) FROM cluster_registration r JOIN cluster c ON c.id = r.cluster_id AND c.deleted_at IS NULL WHERE r.virtual_account_id = va.id) AS clusters,
    (SELECT count(DISTINCT c.customer_id) FROM cluster_registration r JOIN cluster c ON c.id = r.cluster_id AND c.deleted_at IS NULL WHERE r.virtual_account_id = va.id) AS customers,
    count(*) OVER () AS total
  FROM virtual_account va LEFT JOIN smart_account sa ON sa.id = va.smart_account_id AND sa.removed_at IS NULL
  WHERE va.removed_at IS NULL`;

/** Virtual and smart accounts as sync announces them, with the license mode license-mode announces. */
@Injectable()
export class VirtualAccountRepository {
  constructor(private readonly dataSource: DataSource) {}

  async upsertVirtualAccount(m: EntityManager, va: { id: string; smartAccountId: string; smartAccountName: string; smartAccountDomain: string; smartAccountType: string; name: string; description: string; accessLevel: string }): Promise<void> {
    await m.query(
      `INSERT INTO virtual_account (id, smart_account_id, smart_account_name, smart_account_domain, smart_account_type, name, description, access_level)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET smart_account_id = excluded.smart_account_id, smart_account_name = excluded.smart_account_name,
         smart_account_domain = excluded.smart_account_domain, smart_account_type = excluded.smart_account_type, name = excluded.name,
         description = excluded.description, access_level = excluded.access_level, removed_at = NULL, updated_at = now()`,
      [va.id, va.smartAccountId, va.smartAccountName, va.smartAccountDomain, va.smartAccountType, va.name, va.description, va.accessLevel],
    );
  }

  async removeVirtualAccount(m: EntityManager, id: string): Promise<void> {
    await m.query('UPDATE virtual_account SET removed_at = now(), updated_at = now() WHERE id = $1', [id]);
  }

  async upsertSmartAccount(m: EntityManager, sa: { id: string; name: string; domain: string; type: string; transportMode: string; satellite: { registrationUrl: string } | null }): Promise<void> {
    await m.query(
      `INSERT INTO smart_account (id, name, domain, type, transport_mode, satellite_registration_url) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, domain = excluded.domain, type = excluded.type, transport_mode = excluded.transport_mode,
         satellite_registration_url = excluded.satellite_registration_url, removed_at = NULL, updated_at = now()`,
      [sa.id, sa.name, sa.domain, sa.type, sa.transportMode, sa.satellite?.registrationUrl ?? null],
    );
  }

  async removeSmartAccount(m: EntityManager, id: string): Promise<void> {
    await m.query('UPDATE smart_account SET removed_at = now(), updated_at = now() WHERE id = $1', [id]);
  }

  async setLicenseMode(m: EntityManager, smartAccountId: string, virtualAccount: string, mode: LicenseMode): Promise<void> {
    await m.query('UPDATE virtual_account SET license_mode = $3, updated_at = now() WHERE smart_account_id = $1 AND name = $2', [smartAccountId, virtualAccount, mode]);
  }

  /** A VA with its smart account's satellite registration URL (Satellite transport): live ones, or also those removed in CSSM (their clusters can still leave). */
  async find(m: EntityManager, id: string, options: { includeRemoved?: boolean } = {}): Promise<VirtualAccountRecord | undefined> {
    const rows: (Pick<VirtualAccount, 'id' | 'smartAccountId' | 'name'> & Pick<SmartAccount, 'satelliteRegistrationUrl'>)[] = await m.query(
      `SELECT ${selectAs(VirtualAccount, ['id', 'smartAccountId', 'name'], 'va')}, ${selectAs(SmartAccount, ['satelliteRegistrationUrl'], 'sa')}
       FROM virtual_account va LEFT JOIN smart_account sa ON sa.id = va.smart_account_id AND sa.removed_at IS NULL
       WHERE va.id = $1 AND ($2 OR va.removed_at IS NULL)`,
      [id, options.includeRemoved ?? false],
    );
    const r = rows[0];
    return r ? { id: r.id, smartAccountId: r.smartAccountId, name: r.name, satelliteRegistrationUrl: r.satelliteRegistrationUrl } : undefined;
  }

  /** The live VAs of a smart account, in id order (the order their assignment counts are locked in). */
  async ofSmartAccount(m: EntityManager, smartAccountId: string): Promise<{ id: string; smartAccountId: string; name: string }[]> {
    return m.query(`SELECT ${selectAs(VirtualAccount, ['id', 'smartAccountId', 'name'])} FROM virtual_account WHERE smart_account_id = $1 AND removed_at IS NULL ORDER BY id`, [
      smartAccountId,
    ]);
  }

  async summary(id: string): Promise<VirtualAccountSummary | undefined> {
    const rows: SummaryRow[] = await this.dataSource.query(`${SUMMARY} AND va.id = $1`, [id]);
    return rows[0] ? toSummary(rows[0]) : undefined;
  }

  async list(filter: { smartAccountId?: string; limit: number; offset: number }): Promise<{ total: number; items: VirtualAccountSummary[] }> {
    const rows: SummaryRow[] = await this.dataSource.query(`${SUMMARY} AND ($1::text IS NULL OR va.smart_account_id = $1) ORDER BY va.name, va.id LIMIT $2 OFFSET $3`, [
      filter.smartAccountId ?? null,
      filter.limit,
      filter.offset,
    ]);
    return { total: rows.length ? Number(rows[0].total) : 0, items: rows.map(toSummary) };
  }
}
