import { z } from 'zod';
import { LICENSE_MODELS } from '#libs/contracts';

export const subscriptionListQuerySchema = z.object({
  expiringWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
  customerId: z.string().min(1).optional(),
  sort: z.enum(['endDate', 'subscriptionId']).default('endDate'),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type SubscriptionListQuery = z.infer<typeof subscriptionListQuerySchema>;

export const subscriptionMappingBodySchema = z.strictObject({
  customerId: z.string({ error: 'customerId is required: a subscription ID is mapped to a customer' }).min(1),
  licenseModel: z.enum(LICENSE_MODELS, { error: `licenseModel must be one of ${LICENSE_MODELS.join(', ')} (Subscription Mapper: License Model)` }),
});
export type SubscriptionMappingBody = z.infer<typeof subscriptionMappingBodySchema>;
