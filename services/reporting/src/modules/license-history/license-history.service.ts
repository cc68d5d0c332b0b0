import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import type { licenseHistoryPointSchema } from '#libs/contracts';
import { LicenseHistoryRepository, type HistoryScope } from './license-history.repository.js';

type HistoryPoint = z.infer<typeof licenseHistoryPointSchema>;

/** The License Dashboard's "purchased vs consumed over time" of one virtual account or customer. */
@Injectable()
export class LicenseHistoryService {
  constructor(private readonly history: LicenseHistoryRepository) {}

  async get(level: HistoryScope, id: string, days: number): Promise<{ level: HistoryScope; id: string; name: string | null; days: number; points: HistoryPoint[] }> {
    const rows = await this.history.history(level, id, days);
    const points: HistoryPoint[] = [];
    for (const r of rows) {
      let point = points.at(-1);
      if (point?.day !== r.day) {
        point = { day: r.day, purchased: 0, consumed: 0, licenses: [] };
        points.push(point);
      }
      point.purchased += r.purchased;
      point.consumed += r.consumed;
      point.licenses.push({ license: r.license, purchased: r.purchased, consumed: r.consumed });
    }
    return { level, id, name: rows.at(-1)?.scopeName ?? null, days, points };
  }
}
