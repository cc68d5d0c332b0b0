import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import { PLM_MAX_CLUSTERS, type LicenseManager } from '#libs/contracts';
import { LicenseManagerEntity } from './license-manager.entity.js';
import { PlmAssignmentRepository } from './plm-assignment.repository.js';

const view = (e: LicenseManagerEntity, counts: { customers: number; clusters: number }): LicenseManager => ({
  id: e.id,
  hostname: e.hostname,
  port: e.port,
  username: e.username,
  version: e.version,
  licenseMode: e.licenseMode,
  customers: counts.customers,
  clusters: counts.clusters,
  capacity: PLM_MAX_CLUSTERS,
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
});

/** License Manager instances; the counts of their assigned customers and clusters. */
@Injectable()
export class LicenseManagerRepository {
  private readonly rows: Repository<LicenseManagerEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly assignments: PlmAssignmentRepository,
  ) {
    this.rows = dataSource.getRepository(LicenseManagerEntity);
  }

  find(id: string, m?: EntityManager): Promise<LicenseManagerEntity | null> {
    return (m ? m.getRepository(LicenseManagerEntity) : this.rows).findOneBy({ id });
  }

  /** The instance with this hostname (case-insensitive), other than `exceptId`. */
  async findByHostname(hostname: string, exceptId?: string): Promise<LicenseManagerEntity | null> {
    const q = this.rows.createQueryBuilder('lm').where('lower(lm.hostname) = lower(:hostname)', { hostname });
    if (exceptId) q.andWhere('lm.id <> :exceptId', { exceptId });
    return q.getOne();
  }

  async save(entity: LicenseManagerEntity, m?: EntityManager): Promise<LicenseManagerEntity> {
    return (m ? m.getRepository(LicenseManagerEntity) : this.rows).save(entity);
  }

  async delete(id: string, m: EntityManager): Promise<void> {
    await m.getRepository(LicenseManagerEntity).delete({ id });
  }

  /** Customers and clusters assigned to each License Manager. */
  counts(ids: string[]): Promise<Map<string, { customers: number; clusters: number }>> {
    return this.assignments.counts(this.dataSource.manager, ids);
  }

  async view(entity: LicenseManagerEntity): Promise<LicenseManager> {
    const counts = (await this.counts([entity.id])).get(entity.id) ?? { customers: 0, clusters: 0 };
    return view(entity, counts);
  }

  async list(request: { limit: number; offset: number; hostname?: string | undefined }): Promise<{ total: number; items: LicenseManager[] }> {
    const q = this.rows.createQueryBuilder('lm').orderBy('lower(lm.hostname)', 'ASC').addOrderBy('lm.id', 'ASC').take(request.limit).skip(request.offset);
    if (request.hostname) q.where("lm.hostname ILIKE '%' || :hostname || '%'", { hostname: request.hostname.replace(/[\\%_]/g, '\\$&') });
    const [rows, total] = await q.getManyAndCount();
    const counts = await this.counts(rows.map((r) => r.id));
    return { total, items: rows.map((r) => view(r, counts.get(r.id) ?? { customers: 0, clusters: 0 })) };
  }
}
