import { z } from 'zod';

export const virtualAccountListQuerySchema = z.object({
  smartAccountId: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  includeRemoved: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type VirtualAccountListQuery = z.infer<typeof virtualAccountListQuerySchema>;
