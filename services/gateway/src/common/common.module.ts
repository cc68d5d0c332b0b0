import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth/auth.guard.js';
import { TokenVerifier } from './auth/token-verifier.js';
import { ProblemDetailsFilter } from './filters/problem-details.filter.js';

/** Cross-cutting HTTP concerns of the gateway: authentication and roles, problem+json (the audit middleware is installed in gateway.service-definition.ts). */
@Module({
  providers: [
    TokenVerifier,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  ],
})
export class CommonModule {}
