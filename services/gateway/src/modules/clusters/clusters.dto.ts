import { z } from 'zod';
import { CLUSTER_SORT_FIELDS, CLUSTER_STATUSES, CLUSTER_TYPE_KEYWORDS, clusterTypesForKeyword } from '#libs/contracts';

const TYPE_KEYWORDS = "cucm, cuc, cer, expressway-c, expressway-e, or the guide's Expressway keywords: core, edge, expressway, expresswaycore, expressway core, expresswayedge, expressway edge";

/** The Cluster Summary's filters, as query parameters (GET) or a JSON body (status refresh). */
const filterFields = {
  customerId: z.string().min(1).optional(),
  customer: z.string().min(1).optional().describe('Customer name, case-insensitive substring'),
  type: z
    .string()
    .min(1)
    .refine((t) => clusterTypesForKeyword(t) !== undefined, { message: `unknown cluster type; use one of: ${Object.keys(CLUSTER_TYPE_KEYWORDS).join(', ')}` })
    .optional()
    .describe(TYPE_KEYWORDS),
  virtualAccountId: z.string().min(1).optional().describe('The virtual account shown for the cluster (its assignment, or the one it is registered to)'),
  status: z.enum(CLUSTER_STATUSES).optional(),
};

const ELIGIBLE = 'true (default): the clusters the guide lists (UC applications 12.5+, Expressway X12.6+ in smart licensing mode); false: the others; all: both';

export const clusterListQuerySchema = z
  .object({
    ...filterFields,
    eligible: z
      .enum(['true', 'false', 'all'])
      .default('true')
      .transform((v) => (v === 'all' ? ('all' as const) : v === 'true'))
      .describe(ELIGIBLE),
    sort: z.enum(CLUSTER_SORT_FIELDS).default('name'),
    order: z.enum(['asc', 'desc']).default('asc'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export type ClusterListQuery = z.infer<typeof clusterListQuerySchema>;

export const clusterFilterBodySchema = z
  .object({ ...filterFields, eligible: z.union([z.boolean(), z.literal('all')]).default(true).describe(ELIGIBLE) })
  .strict();
export type ClusterFilterBody = z.infer<typeof clusterFilterBodySchema>;
