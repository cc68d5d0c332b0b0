import { z } from 'zod';
import { baseServiceConfigSchema, env } from '#libs/config';

export const gatewayConfigSchema = baseServiceConfigSchema
  .extend({
    PORT: env.port(3000).describe('HTTP port of the REST API (/api/v1) and the probes; the API docs (/api/docs) are on MANAGEMENT_PORT.'),
    AUTH_MODE: env.enum(['oidc', 'local'], 'local').describe('oidc: verify tokens with the JWKS of AUTH_JWKS_URL; local: development tokens signed with AUTH_LOCAL_SECRET.'),
    AUTH_JWKS_URL: env.url({ protocols: ['https:', 'http:'] }).optional().describe('OIDC JWKS URL (AUTH_MODE=oidc).'),
    AUTH_ISSUER: z.string().optional().describe('Expected iss claim.'),
    AUTH_AUDIENCE: z.string().optional().describe('Expected aud claim.'),
    AUTH_ROLES_CLAIM: z.string().prefault('roles').describe('Claim holding the roles (viewer, operator, admin): an array or a space-separated string.'),
    AUTH_LOCAL_SECRET: z.string().min(32, 'must be at least 32 characters').optional().describe('HS256 secret of development tokens (AUTH_MODE=local); `npm run token` signs with it.'),
    AUTH_MAX_TOKEN_LIFETIME: env
      .durationMs('24h')
      .describe('Longest accepted bearer token lifetime (exp - iat); tokens without exp or living longer are refused with 401.'),
    CONSOLE_DEV_LOGIN: env
      .boolean(false)
      .describe('Offer the console a development login (POST /api/v1/console/dev-token: a token of the chosen role) when AUTH_MODE=local; never in production.'),
    CONSOLE_OIDC_CLIENT_ID: z.string().min(1).optional().describe("The console's OIDC client id (a public client: authorization code with PKCE at AUTH_ISSUER) when AUTH_MODE=oidc."),
    CONSOLE_DIR: z.string().min(1).optional().describe('Folder of the built console served at /console (default: dist/console next to the gateway build).'),
    AUDIT_LOG_RETENTION: env.durationMs('365d').describe('How long audit log entries are kept before pruning.'),
    COMMAND_TIMEOUT_MS: env.durationMs('15s').describe('Timeout of requests to the other services.'),
  })
  .superRefine((c, ctx) => {
    if (c.AUTH_MODE === 'oidc' && !c.AUTH_JWKS_URL) ctx.addIssue({ code: 'custom', path: ['AUTH_JWKS_URL'], message: 'is required when AUTH_MODE=oidc' });
    if (c.CONSOLE_DEV_LOGIN && c.AUTH_MODE !== 'local') ctx.addIssue({ code: 'custom', path: ['CONSOLE_DEV_LOGIN'], message: 'needs AUTH_MODE=local' });
    if (c.AUTH_MODE === 'local' && !c.AUTH_LOCAL_SECRET) ctx.addIssue({ code: 'custom', path: ['AUTH_LOCAL_SECRET'], message: 'is required when AUTH_MODE=local' });
  });
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
