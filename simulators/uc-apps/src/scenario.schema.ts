import { SIM_CLUSTER_TYPES, SIM_LICENSE_MODES } from '#simulators/common';
import { z } from 'zod';

/**
 * Per-cluster switches that make the smart agent fail the way the guide's error mapping table describes, for the
 * rows no real state or CSSM answer can produce (see WIRE-FORMATS.md, "Injected conditions").
 */
export const CLUSTER_CONDITIONS = [
  'smartLicenseServerStopped',
  'invalidTrustChain',
  'licenseDatabaseUnavailable',
  'transportApplyFails',
  'registrationRejected',
  // The publisher takes setDeploymentMode but comes back from its restart in the old mode (PAWS: the mode set "will
  // be verified against the license that is in use"); no other state produces the guide's SLMCT1003.
  'deploymentModeNotApplied',
  // A platform release without DeploymentModeService.setDeploymentMode: the operation is not found (Axis2's SOAP
  // fault), so the mode changes only through the guide's COP file, installed with PAWS' upgrade services.
  'noSetDeploymentMode',
] as const;
export type ClusterCondition = (typeof CLUSTER_CONDITIONS)[number];

const credentialSchema = z.object({ username: z.string().min(1), password: z.string() });

export const ucNodeSchema = z.object({
  hostname: z.string().min(1),
  /** IP or hostname as provisioned in HCM-F; the host part of the HTTP `Host` header routes requests to the node. */
  address: z.string().min(1),
  publisher: z.boolean(),
});

export const licenseUsageSchema = z.object({ license: z.string().min(1), count: z.number().int().nonnegative() });

export const ucClusterSchema = z
  .object({
    id: z.string().min(1),
    customerId: z.string().optional(),
    name: z.string().min(1),
    type: z.enum(SIM_CLUSTER_TYPES),
    version: z.string().min(1),
    licenseMode: z.enum(SIM_LICENSE_MODES),
    credentials: z.object({ admin: credentialSchema, platform: credentialSchema }),
    nodes: z.array(ucNodeSchema).min(1),
    /** Requested usage; Enterprise names are reported as their HCS license in HCS mode (see license-usage.ts). */
    usage: z.array(licenseUsageSchema).default([]),
    conditions: z.array(z.enum(CLUSTER_CONDITIONS)).default([]),
    /**
     * Expressway only: the peers of the cluster's clustering configuration (System > Clustering), as addresses.
     * Absent: the cluster's own node addresses. Empty: no clustering configuration.
     */
    clusterPeers: z.array(z.string().min(1)).max(6).optional(),
  })
  .refine((c) => c.type.startsWith('expressway') || c.nodes.filter((n) => n.publisher).length === 1, {
    message: 'a Unified CM, Unity Connection or Emergency Responder cluster has exactly one publisher node',
    path: ['nodes'],
  })
  .refine((c) => c.type.startsWith('expressway') || c.clusterPeers === undefined, {
    message: 'clusterPeers is the clustering configuration of an Expressway cluster',
    path: ['clusterPeers'],
  });

export const ucAppsScenarioSchema = z
  .object({ clusters: z.array(ucClusterSchema).default([]) })
  .superRefine((scenario, ctx) => {
    const ids = new Set<string>();
    const addresses = new Set<string>();
    scenario.clusters.forEach((cluster, i) => {
      if (ids.has(cluster.id)) ctx.addIssue({ code: 'custom', path: ['clusters', i, 'id'], message: `duplicate cluster id ${cluster.id}` });
      ids.add(cluster.id);
      cluster.nodes.forEach((node, j) => {
        const key = node.address.toLowerCase();
        if (addresses.has(key)) ctx.addIssue({ code: 'custom', path: ['clusters', i, 'nodes', j, 'address'], message: `duplicate node address ${node.address}` });
        addresses.add(key);
      });
    });
  });

export type UcNodeConfig = z.infer<typeof ucNodeSchema>;
export type LicenseUsage = z.infer<typeof licenseUsageSchema>;
export type UcClusterConfig = z.output<typeof ucClusterSchema>;
export type UcClusterInput = z.input<typeof ucClusterSchema>;
export type UcAppsScenario = z.input<typeof ucAppsScenarioSchema>;
