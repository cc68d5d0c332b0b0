import { z } from 'zod';
import { REPORT_TYPES, reportDeliveryRequestSchema } from '#libs/contracts';

export const reportRequestBodySchema = z.strictObject({
  type: z.enum(REPORT_TYPES, { error: `type must be one of ${REPORT_TYPES.join(', ')}` }),
});
export type ReportRequestBody = z.infer<typeof reportRequestBodySchema>;

export const reportListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ReportListQuery = z.infer<typeof reportListQuerySchema>;

export const reportDeliveryBodySchema = reportDeliveryRequestSchema;
export type ReportDeliveryBody = z.infer<typeof reportDeliveryBodySchema>;
