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


/**
 * A secret encrypted for app-adapter: a compact JWE (RFC 7516) made with the deployment's public key, `alg` ECDH-ES
 * (X25519, RFC 8037), `enc` A256GCM, the key's `kid` in the protected header; the plaintext is the password in UTF-8.
 */
export const encryptedSecretSchema = z
  .string()
  .max(4096)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'a compact JWE (five base64url parts separated by dots)')
  .describe(
    "Secret encrypted for app-adapter: compact JWE, alg ECDH-ES with the deployment's X25519 public key (its kid in the header), enc A256GCM; plaintext the password in UTF-8",
  );

const CLEAR_PASSWORD =
  'Clear password: refused once the deployment requires encrypted credentials (PROVISIONING_REQUIRE_ENCRYPTED_CREDENTIALS); send encryptedPassword instead';

export const proxySettingsSchema = z
  .object({
    host: z.string().min(1).max(255).describe('Proxy host name or IP address'),
    port: z.number().int().min(1).max(65535).describe('Proxy port (1-65535)'),
    username: z.string().min(1).max(255).optional().describe('Proxy user, when the proxy asks for credentials'),
    password: z.string().min(1).max(255).optional().describe(`Proxy password. ${CLEAR_PASSWORD}`),
    encryptedPassword: encryptedSecretSchema.optional(),
  })
  .refine((p) => !(p.password && p.encryptedPassword), { message: 'password and encryptedPassword are exclusive', path: ['encryptedPassword'] })
  .describe('HTTP(S) proxy the UC application uses to reach CSSM');

export const credentialSchema = z
  .object({
    username: z.string().min(1).max(255),
    password: z.string().min(1).max(1024).optional().describe(`Secret: encrypted at rest, never logged. ${CLEAR_PASSWORD}`),
    encryptedPassword: encryptedSecretSchema.optional(),
  })
  .refine((c) => Boolean(c.password) !== Boolean(c.encryptedPassword), { message: 'exactly one of password and encryptedPassword is required', path: ['encryptedPassword'] })
  .describe('A user name and its password, preferably encrypted for app-adapter (encryptedPassword)');

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
/** A credential in clear, as app-adapter holds it once decrypted (never on the bus in clear once encryption is required). */
export interface Credential {
  username: string;
  password: string;
}
/** A credential as a provisioning event carries it: a clear password or one encrypted for app-adapter. */
export type ProvisionedCredential = z.infer<typeof credentialSchema>;
export type ClusterNode = z.infer<typeof clusterNodeSchema>;
export type CustomerProvisioning = z.infer<typeof customerSchema>;
export type ClusterProvisioning = z.infer<typeof clusterSchema>;
export type ClusterDeleted = z.infer<typeof clusterDeletedSchema>;
export type CustomerDeleted = z.infer<typeof customerDeletedSchema>;

/**
 * Where a provisioning event carries a password in clear (dotted paths, e.g. `credentials.admin.password`): what a
 * deployment that requires encrypted credentials refuses, and what a dead-letter copy must not keep.
 */
export const clearPasswordPaths = (data: { credentials?: Record<string, { password?: string } | undefined>; proxy?: { password?: string } | null }): string[] => [
  ...Object.entries(data.credentials ?? {})
    .filter(([, c]) => c?.password !== undefined)
    .map(([kind]) => `credentials.${kind}.password`),
  ...(data.proxy?.password !== undefined ? ['proxy.password'] : []),
];

/** Why a deployment that requires encrypted credentials refuses this event (naming each field), or null. */
export const clearPasswordRefusal = (data: Parameters<typeof clearPasswordPaths>[0]): string | null => {
  const paths = clearPasswordPaths(data);
  return paths.length ? `${paths.join(', ')}: clear password refused, this deployment requires encryptedPassword (see the AsyncAPI contract)` : null;
};
