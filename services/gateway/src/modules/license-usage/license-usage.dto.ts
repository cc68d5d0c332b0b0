import { z } from 'zod';

/** Collect license usage now: of one cluster, or of every registered cluster when clusterId is absent. */
export const collectUsageBodySchema = z
  .object({ clusterId: z.string().min(1).max(128).optional().describe('A cluster of the Cluster Summary; every registered cluster when absent') })
  .strict();
export type CollectUsageBody = z.infer<typeof collectUsageBodySchema>;
