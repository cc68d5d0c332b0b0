import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ClusterFacts } from './assignment.rules.js';
import { CLUSTER_FACTS_COLUMNS, toClusterFacts, type ClusterFactsRow } from './cluster-facts.row.js';

/** What the assignment rules read about clusters, from the inventory. */
@Injectable()
export class ClusterFactsRepository {
  /** The live clusters among `ids`, locked for the caller's transaction (a concurrent assignment waits). */
  async lock(m: EntityManager, ids: string[]): Promise<Map<string, ClusterFacts>> {
    const rows: ClusterFactsRow[] = await m.query(
      `SELECT ${CLUSTER_FACTS_COLUMNS}
       FROM cluster c LEFT JOIN customer cu ON cu.id = c.customer_id AND cu.deleted_at IS NULL
       WHERE c.id = ANY($1::text[]) AND c.deleted_at IS NULL ORDER BY c.id FOR UPDATE OF c`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, toClusterFacts(r)]));
  }
}
