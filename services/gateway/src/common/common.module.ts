import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AuthGuard } from './auth/auth.guard.js';
import { TokenVerifier } from './auth/token-verifier.js';
import { ProblemDetailsFilter } from './filters/problem-details.filter.js';
import { AuditInterceptor } from './interceptors/audit.interceptor.js';

/** Cross-cutting HTTP concerns of the gateway: authentication and roles, audit, problem+json. */
@Module({
  providers: [
    TokenVerifier,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  ],
})
export class CommonModule {}
