import { z } from 'zod';
import { smartAccountConfigSchema, smartAccountUpdateSchema } from '#libs/contracts';

/** Configure Smart Account Access: the contract's schema, so the gateway and sync apply the same rules. */
export const createSmartAccountBodySchema = smartAccountConfigSchema;
export type CreateSmartAccountBody = z.infer<typeof createSmartAccountBodySchema>;

/** Edit: the same fields; clientSecret and proxy.password may be left out to keep the stored ones. */
export const updateSmartAccountBodySchema = smartAccountUpdateSchema;
export type UpdateSmartAccountBody = z.infer<typeof updateSmartAccountBodySchema>;

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;
