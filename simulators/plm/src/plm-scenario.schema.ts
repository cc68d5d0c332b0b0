import { z } from 'zod';
import { PLM_ALL_LICENSE_TYPES, PLM_DEPLOYMENT_MODES, PLM_PRODUCTS } from './plm.wire-format.js';

const licenseType = z.enum(PLM_ALL_LICENSE_TYPES as [string, ...string[]]);
const usage = z.partialRecord(licenseType, z.number().int().nonnegative());

export const plmClusterSchema = z.object({
  name: z.string().min(1),
  product: z.enum(PLM_PRODUCTS as [string, ...string[]]),
  version: z.string().min(1),
  hostname: z.string().min(1),
  usage: usage.default({}),
});

export const plmInstanceSchema = z.object({
  /** Address or host name the PLM answers on (the Host header of a request picks the PLM). */
  address: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+/, 'expected a version such as 11.5.1.12000-1').default('11.5.1.12000-1'),
  /** PLM's OS admin account (the platform administrator), the credentials HCM-F uses. */
  osAdmin: z.object({ username: z.string().min(1), password: z.string().min(1) }),
  deploymentMode: z.enum(PLM_DEPLOYMENT_MODES).default('Enterprise'),
  /** Installed license counts; none installed (a fresh PLM) = demo mode. */
  licenses: z.partialRecord(licenseType, z.number().int().nonnegative()).default({}),
  clusters: z.array(plmClusterSchema).default([]),
  /**
   * Usage a cluster reports once it is added (PLM reads it from the cluster itself; the simulator takes it from
   * here), by cluster name.
   */
  clusterUsage: z.record(z.string(), usage).default({}),
});

export const plmScenarioSchema = z.object({ plms: z.array(plmInstanceSchema).default([]) });
export type PlmScenario = z.input<typeof plmScenarioSchema>;
export type PlmScenarioParsed = z.output<typeof plmScenarioSchema>;
export type PlmInstanceScenario = z.output<typeof plmInstanceSchema>;
