import { z } from 'zod';
import { licenseUsageCollectionSchema } from '#libs/contracts';

/** Collect license usage now: of one cluster, or of every registered cluster when clusterId is absent. */
export const collectUsageBodySchema = z
  .object({ clusterId: z.string().min(1).max(128).optional().describe('A cluster of the Cluster Summary; every registered cluster when absent') })
  .strict();
export type CollectUsageBody = z.infer<typeof collectUsageBodySchema>;

/** The answer of an on-demand collection (documented in the OpenAPI document; the service builds it). */
export const usageCollectionOutcomeSchema = z.object({
  clusters: z.number().int(),
  reported: z.number().int(),
  failed: z.number().int(),
  applicationTypes: z.array(
    licenseUsageCollectionSchema.extend({ error: z.object({ code: z.string(), message: z.string(), recommendedAction: z.string() }).optional().describe('Its CAA service did not answer') }),
  ),
});
