import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { SERVICE_CONFIG } from '#libs/service-kit';
import type { GatewayConfig } from '../../config/gateway.config.js';
import { ROLES, type Principal, type Role } from './roles.js';

/**
 * Verifies operator bearer tokens: OIDC (JWKS, RS256/ES256, issuer and audience) in production, or development
 * tokens signed with a local HS256 secret. Every token must expire (`exp`) within AUTH_MAX_TOKEN_LIFETIME of its
 * `iat` (or of now when it has none): a leaked token without one, or with a ten-year one, stays usable forever.
 */
@Injectable()
export class TokenVerifier {
  private readonly jwks?: JWTVerifyGetKey;
  private readonly localKey?: Uint8Array;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: GatewayConfig) {
    if (config.AUTH_MODE === 'oidc' && config.AUTH_JWKS_URL) this.jwks = createRemoteJWKSet(new URL(config.AUTH_JWKS_URL));
    if (config.AUTH_MODE === 'local' && config.AUTH_LOCAL_SECRET) this.localKey = new TextEncoder().encode(config.AUTH_LOCAL_SECRET);
  }

  async verify(token: string): Promise<Principal> {
    const options = { issuer: this.config.AUTH_ISSUER, audience: this.config.AUTH_AUDIENCE };
    const { payload } = this.jwks
      ? await jwtVerify(token, this.jwks, { ...options, algorithms: ['RS256', 'ES256', 'PS256'] })
      : await jwtVerify(token, this.localKey!, { ...options, algorithms: ['HS256'] });
    this.checkLifetime(payload);
    return { subject: payload.sub ?? 'unknown', roles: this.rolesOf(payload) };
  }

  private checkLifetime(payload: JWTPayload): void {
    const maxSeconds = Math.floor(this.config.AUTH_MAX_TOKEN_LIFETIME / 1000);
    if (payload.exp === undefined) throw new Error('the token has no exp claim (an expiry is required)');
    const from = payload.iat ?? Math.floor(Date.now() / 1000);
    if (payload.exp - from > maxSeconds) throw new Error(`the token's lifetime exceeds AUTH_MAX_TOKEN_LIFETIME (${maxSeconds}s)`);
  }

  private rolesOf(payload: JWTPayload): Role[] {
    const raw = payload[this.config.AUTH_ROLES_CLAIM];
    const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
    return list.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
  }
}
