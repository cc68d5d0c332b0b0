import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface CustomerQuery {
  name?: string;
  limit: number;
  offset: number;
}

/** The customers reporting knows (registration's inventory events), for pickers such as the Subscription Mapper's. */
@Injectable()
export class CustomersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(q: CustomerQuery): Promise<{ total: number; items: { id: string; name: string }[] }> {
    const params: unknown[] = [];
    let filter = '';
    if (q.name !== undefined) {
      params.push(`%${q.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      filter = 'WHERE name ILIKE $1';
    }
    const [items, count]: [{ id: string; name: string }[], { total: number }[]] = await Promise.all([
      this.dataSource.query(`SELECT id, name FROM customer ${filter} ORDER BY lower(name), name, id LIMIT ${q.limit} OFFSET ${q.offset}`, params),
      this.dataSource.query(`SELECT count(*)::int AS total FROM customer ${filter}`, params),
    ]);
    return { total: count[0]!.total, items };
  }
}
