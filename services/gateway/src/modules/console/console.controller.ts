import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SignJWT } from 'jose';
import { Public, SERVICE_CONFIG } from '#libs/service-kit';
import { ROLES } from '../../common/auth/roles.js';
import { ApiResult } from '../../common/params/api-result.js';
import { bodySchema } from '../../common/params/request-params.js';
import { ZodValidationPipe } from '../../common/pipes/zod-body.pipe.js';
import type { GatewayConfig } from '../../config/gateway.config.js';
import { consoleConfigSchema, devTokenBodySchema, devTokenSchema, type ConsoleConfig, type DevToken, type DevTokenBody } from './console.dto.js';

/** A development token lives a working day, never longer than the gateway accepts. */
const DEV_TOKEN_SECONDS = 8 * 3600;

/** The console's login: its settings (public: read before a login) and the development login of local mode. */
@ApiTags('console')
@Controller('console')
export class ConsoleController {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: GatewayConfig) {}

  @Get('config')
  @Public()
  @ApiOperation({ summary: "The console's login settings: auth mode, development login offered, OIDC issuer and client id" })
  @ApiResult(consoleConfigSchema)
  settings(): ConsoleConfig {
    const { AUTH_MODE, AUTH_ISSUER, AUTH_AUDIENCE, CONSOLE_OIDC_CLIENT_ID } = this.config;
    return {
      authMode: AUTH_MODE,
      rolesClaim: this.config.AUTH_ROLES_CLAIM,
      devLogin: this.devLogin(),
      oidc: AUTH_MODE === 'oidc' && AUTH_ISSUER && CONSOLE_OIDC_CLIENT_ID ? { issuer: AUTH_ISSUER, clientId: CONSOLE_OIDC_CLIENT_ID, audience: AUTH_AUDIENCE ?? null } : null,
    };
  }

  @Post('dev-token')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Development login: a bearer token of the chosen role (only when AUTH_MODE=local and CONSOLE_DEV_LOGIN=true; 404 otherwise)' })
  @ApiBody({ schema: bodySchema(devTokenBodySchema, { role: 'operator' }) })
  @ApiResult(devTokenSchema)
  async devToken(@Body(new ZodValidationPipe(devTokenBodySchema)) body: DevTokenBody): Promise<DevToken> {
    // 404 rather than 403: where the development login is off, it does not exist.
    if (!this.devLogin()) throw new NotFoundException('The development login is off (AUTH_MODE=local and CONSOLE_DEV_LOGIN=true turn it on)');
    const seconds = Math.min(DEV_TOKEN_SECONDS, Math.floor(this.config.AUTH_MAX_TOKEN_LIFETIME / 1000));
    const now = Math.floor(Date.now() / 1000);
    const roles = ROLES.slice(0, ROLES.indexOf(body.role) + 1);
    let jwt = new SignJWT({ [this.config.AUTH_ROLES_CLAIM]: roles }).setProtectedHeader({ alg: 'HS256' }).setSubject(body.subject).setIssuedAt(now).setExpirationTime(now + seconds);
    if (this.config.AUTH_ISSUER) jwt = jwt.setIssuer(this.config.AUTH_ISSUER);
    if (this.config.AUTH_AUDIENCE) jwt = jwt.setAudience(this.config.AUTH_AUDIENCE);
    const accessToken = await jwt.sign(new TextEncoder().encode(this.config.AUTH_LOCAL_SECRET));
    return { accessToken, expiresAt: new Date((now + seconds) * 1000).toISOString(), subject: body.subject, roles };
  }

  private devLogin(): boolean {
    return this.config.AUTH_MODE === 'local' && this.config.CONSOLE_DEV_LOGIN && this.config.AUTH_LOCAL_SECRET !== undefined;
  }
}
