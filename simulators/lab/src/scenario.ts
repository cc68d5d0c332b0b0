import { z } from 'zod';
import { cssmScenarioSchema } from '#simulators/cssm';
import { plmScenarioSchema } from '#simulators/plm';
import { ucAppsScenarioSchema } from '#simulators/uc-apps';

/** The lab scenario file: a CSSM/SSM On-Prem section, a uc-apps section and a PLM section, each validated by its simulator's schema. */
export const labScenarioSchema = z.object({
  cssm: cssmScenarioSchema.optional(),
  ucApps: ucAppsScenarioSchema.optional(),
  plm: plmScenarioSchema.optional(),
});
export type LabScenario = z.input<typeof labScenarioSchema>;
export type LabScenarioParsed = z.output<typeof labScenarioSchema>;
