import { z } from 'zod';
import { cssmScenarioSchema } from '#simulators/cssm';
import { ucAppsScenarioSchema } from '#simulators/uc-apps';

/** The lab scenario file: a CSSM/SSM On-Prem section and a uc-apps section, each validated by its simulator's schema. */
export const labScenarioSchema = z.object({
  cssm: cssmScenarioSchema.optional(),
  ucApps: ucAppsScenarioSchema.optional(),
});
export type LabScenario = z.input<typeof labScenarioSchema>;
export type LabScenarioParsed = z.output<typeof labScenarioSchema>;
