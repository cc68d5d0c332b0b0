import { z } from 'zod';
import { CLUSTER_TYPES } from '../licensing/application-type.js';

/**
 * The public inbound provisioning contract: what the service provider's provisioning systems (BSS, Unified CDM,
 * VOSS) publish about customers and UC clusters. Published as AsyncAPI (`npm run asyncapi`). Breaking changes
 * get a v2 beside v1.
 */

/** A customer's or cluster's id in the provisioning system (also the cluster id of every REST path). */
export const provisioningIdSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9._:@-]+$/, 'letters, digits and . _ : @ - only');

/** Realistic field limits: a PEM CA bundle is kilobytes (a few hundred certificates at most), names are short. */
export const PROVISIONING_LIMITS = { caPemChars: 256 * 1024, nodes: 64 } as const;


export const proxySettingsSchema = z
  .object({
    host: z.string().min(1).max(255).describe('Proxy host name or IP address'),
    port: z.number().int().min(1).max(65535).describe('Proxy port (1-65535)'),
    username: z.string().min(1).max(255).optional().describe('Proxy user, when the proxy asks for credentials'),
    password: z.string().min(1).max(255).optional().describe('Proxy password (secret)'),
  })
  .describe('HTTP(S) proxy the UC application uses to reach CSSM');

export const credentialSchema = z
  .object({
    username: z.string().min(1).max(255),
    password: z.string().min(1).max(1024).describe('Secret: encrypted at rest, never logged'),
  })
  .describe('A user name and password');

export const clusterNodeSchema = z.object({
  hostname: z.string().min(1).max(255).describe('Node host name as known to the application'),
  address: z.string().min(1).max(255).describe('Network address (IP or FQDN) smartlic connects to'),
  port: z.number().int().min(1).max(65535).optional().describe('HTTPS port when not the application default'),
  publisher: z.boolean().describe('True for the publisher (first node); smart licensing operations run there'),
});

export const clusterTlsSchema = z
  .object({
    caPem: z.string().min(1).max(PROVISIONING_LIMITS.caPemChars).optional().describe('PEM CA bundle trusted for this cluster'),
    insecureSkipVerify: z.boolean().optional().describe('Explicit, logged per-cluster opt-out of certificate verification'),
  })
  .describe('How smartlic trusts the application certificates');

export const customerSchema = z.object({
  id: provisioningIdSchema.describe('Customer id in the provisioning system'),
  name: z.string().min(1).max(255),
  proxy: proxySettingsSchema.nullish(),
  revision: z.number().int().nonnegative().optional().describe('Monotonic revision; older revisions are ignored'),
});

export const clusterSchema = z.object({
  id: provisioningIdSchema.describe('Cluster id in the provisioning system'),
  customerId: provisioningIdSchema,
  name: z.string().min(1).max(255),
  type: z.enum(CLUSTER_TYPES).describe('cucm, cuc, cer, expressway-c or expressway-e'),
  version: z.string().min(1).max(64).regex(/^X?\d+(\.\d+)*/, 'a version such as 12.5, 14.0.1 or X14.2').describe('Application version, e.g. 12.5.1 or X14.0'),
  licensing: z.enum(['smart', 'pak']).default('smart').describe('Expressway licensing mode; UC applications 12.5+ are always smart'),
  nodes: z
    .array(clusterNodeSchema)
    .min(1, 'a cluster has at least one node')
    .max(PROVISIONING_LIMITS.nodes)
    .superRefine((nodes, ctx) => {
      const publishers = nodes.filter((n) => n.publisher).length;
      if (publishers !== 1) ctx.addIssue({ code: 'custom', message: `exactly one publisher node is required (found ${publishers})` });
    })
    .describe('Cluster nodes; exactly one publisher'),
  credentials: z
    .object({ admin: credentialSchema.optional(), platform: credentialSchema.optional(), http: credentialSchema.optional() })
    .default({}),
  proxy: proxySettingsSchema.nullish().describe('Cluster-level proxy; overrides the customer proxy'),
  tls: clusterTlsSchema.optional(),
  revision: z.number().int().nonnegative().optional().describe('Monotonic revision; older revisions are ignored'),
});

export const customerDeletedSchema = z.object({ id: provisioningIdSchema, revision: z.number().int().nonnegative().optional() });
export const clusterDeletedSchema = z.object({ id: provisioningIdSchema, customerId: provisioningIdSchema.optional(), revision: z.number().int().nonnegative().optional() });

export type ProxySettings = z.infer<typeof proxySettingsSchema>;
export type Credential = z.infer<typeof credentialSchema>;
export type ClusterNode = z.infer<typeof clusterNodeSchema>;
export type CustomerProvisioning = z.infer<typeof customerSchema>;
export type ClusterProvisioning = z.infer<typeof clusterSchema>;
export type ClusterDeleted = z.infer<typeof clusterDeletedSchema>;
export type CustomerDeleted = z.infer<typeof customerDeletedSchema>;
