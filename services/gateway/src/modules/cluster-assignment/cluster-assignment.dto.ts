import { z } from 'zod';
import { LICENSE_MODES } from '#libs/contracts';

export const clusterSelectionBodySchema = z
  .object({
    clusterIds: z
      .array(z.string().min(1).max(128))
      .min(1, 'select at least one cluster')
      .max(5000)
      .refine((ids) => new Set(ids).size === ids.length, { message: 'cluster ids must be unique' })
      .describe('Clusters to assign or unassign; each gets its own job'),
  })
  .strict();
export type ClusterSelectionBody = z.infer<typeof clusterSelectionBodySchema>;

export const licenseModeBodySchema = z.object({ mode: z.enum(LICENSE_MODES).describe('HCS or Enterprise') }).strict();
export type LicenseModeBody = z.infer<typeof licenseModeBodySchema>;
