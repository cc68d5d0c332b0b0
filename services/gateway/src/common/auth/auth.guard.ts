import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { IS_PUBLIC_KEY } from '#libs/service-kit';
import { hasRole, REQUIRED_ROLE_KEY, type Principal, type Role } from './roles.js';
import { TokenVerifier } from './token-verifier.js';

export type AuthenticatedRequest = Request & { principal?: Principal };

/** Global guard: a valid bearer token on every route but the public ones, and the route's role. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // RFC 6750 / RFC 9110: the scheme name is case-insensitive ("bearer", "BEARER").
    const token = /^bearer +(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw new UnauthorizedException('A bearer token is required');
    try {
      request.principal = await this.verifier.verify(token);
    } catch (error) {
      throw new UnauthorizedException(`Invalid bearer token: ${(error as Error).message}`);
    }
    const required: Role = this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE_KEY, targets) ?? (request.method === 'GET' || request.method === 'HEAD' ? 'viewer' : 'operator');
    if (!hasRole(request.principal.roles, required)) throw new ForbiddenException(`This operation needs the ${required} role`);
    return true;
  }
}
