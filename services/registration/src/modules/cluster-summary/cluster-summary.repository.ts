import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isEligibleForSmartLicensing, type ClusterSummary, type ClusterType } from '#libs/contracts';

interface ClusterRow {
  id: string;
  customer_id: string;
  customer_name: string | null;
  name: string;
  type: ClusterType;
  version: string;
  licensing: 'smart' | 'pak';
  nodes: { hostname: string; publisher: boolean }[];
  updated_at: Date;
  total: string;
}

const toSummary = (r: ClusterRow): ClusterSummary => ({
  id: r.id,
  customerId: r.customer_id,
  customerName: r.customer_name,
  name: r.name,
  type: r.type,
  version: r.version,
  publisher: r.nodes.find((n) => n.publisher)?.hostname ?? null,
  nodeCount: r.nodes.length,
  eligible: isEligibleForSmartLicensing(r.type, r.version, r.licensing),
  // Assignment and status arrive with the cluster-registration issue.
  smartAccount: null,
  virtualAccount: null,
  status: null,
  updatedAt: r.updated_at.toISOString(),
});

const SELECT = `SELECT cl.id, cl.customer_id, cu.name AS customer_name, cl.name, cl.type, cl.version, cl.licensing, cl.nodes, cl.updated_at,
  count(*) OVER () AS total
  FROM cluster cl LEFT JOIN customer cu ON cu.id = cl.customer_id AND cu.deleted_at IS NULL
  WHERE cl.deleted_at IS NULL`;

@Injectable()
export class ClusterSummaryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(filter: { customerId?: string; type?: string; limit: number; offset: number }): Promise<{ total: number; items: ClusterSummary[] }> {
    const rows: ClusterRow[] = await this.dataSource.query(
      `${SELECT} AND ($1::text IS NULL OR cl.customer_id = $1) AND ($2::text IS NULL OR cl.type = $2)
       ORDER BY cl.name, cl.id LIMIT $3 OFFSET $4`,
      [filter.customerId ?? null, filter.type ?? null, filter.limit, filter.offset],
    );
    return { total: rows.length ? Number(rows[0].total) : 0, items: rows.map(toSummary) };
  }

  async get(id: string): Promise<ClusterSummary | undefined> {
    const rows: ClusterRow[] = await this.dataSource.query(`${SELECT} AND cl.id = $1`, [id]);
    return rows[0] ? toSummary(rows[0]) : undefined;
  }
}
