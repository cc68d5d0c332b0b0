import { z } from 'zod';
import { ROLES } from '../../common/auth/roles.js';

/** What the console needs before anyone logs in: how to log in. */
export const consoleConfigSchema = z.object({
  authMode: z.enum(['oidc', 'local']),
  rolesClaim: z.string().describe('The token claim holding the roles (AUTH_ROLES_CLAIM)'),
  devLogin: z.boolean().describe('POST /api/v1/console/dev-token is offered (AUTH_MODE=local and CONSOLE_DEV_LOGIN=true)'),
  oidc: z
    .object({ issuer: z.string(), clientId: z.string(), audience: z.string().nullable() })
    .nullable()
    .describe('Authorization code with PKCE at this issuer (AUTH_MODE=oidc and CONSOLE_OIDC_CLIENT_ID set)'),
});
export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;

export const devTokenBodySchema = z.object({ role: z.enum(ROLES), subject: z.string().min(1).max(64).regex(/^[A-Za-z0-9._@-]+$/).default('developer') }).strict();
export type DevTokenBody = z.infer<typeof devTokenBodySchema>;

export const devTokenSchema = z.object({ accessToken: z.string(), expiresAt: z.iso.datetime(), subject: z.string(), roles: z.array(z.enum(ROLES)) });
export type DevToken = z.infer<typeof devTokenSchema>;
