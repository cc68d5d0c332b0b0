import { z } from 'zod';
import { CLUSTER_SORT_FIELDS, CLUSTER_STATUSES, CLUSTER_TYPE_KEYWORDS, clusterTypesForKeyword } from '#libs/contracts';

export const clusterListQuerySchema = z
  .object({
    customerId: z.string().min(1).optional(),
    customer: z.string().min(1).optional().describe('Customer name, case-insensitive substring'),
    type: z
      .string()
      .min(1)
      .refine((t) => clusterTypesForKeyword(t) !== undefined, { message: `unknown cluster type; use one of: ${Object.keys(CLUSTER_TYPE_KEYWORDS).join(', ')}` })
      .optional()
      .describe('cucm, cuc, cer, expressway-c, expressway-e, or the guide\'s Expressway keywords: core, edge, expressway, expresswaycore, expressway core, expresswayedge, expressway edge'),
    virtualAccountId: z.string().min(1).optional(),
    status: z.enum(CLUSTER_STATUSES).optional(),
    eligible: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    sort: z.enum(CLUSTER_SORT_FIELDS).default('name'),
    order: z.enum(['asc', 'desc']).default('asc'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export type ClusterListQuery = z.infer<typeof clusterListQuerySchema>;
