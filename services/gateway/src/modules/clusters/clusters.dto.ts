import { z } from 'zod';
import { CLUSTER_TYPES } from '#libs/contracts';

export const clusterListQuerySchema = z.object({
  customerId: z.string().min(1).optional(),
  type: z.enum(CLUSTER_TYPES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ClusterListQuery = z.infer<typeof clusterListQuerySchema>;
