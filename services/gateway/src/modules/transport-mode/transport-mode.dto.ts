import type { z } from 'zod';
import { transportModeSettingsSchema } from '#libs/contracts';

export const transportModeBodySchema = transportModeSettingsSchema;
export type TransportModeBody = z.infer<typeof transportModeBodySchema>;
