import { SetMetadata } from '@nestjs/common';

/** Operator roles, lowest first: each role includes the ones before it. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const REQUIRED_ROLE_KEY = 'smartlic:required-role';

/** Minimum role for a route. Without it: GET needs viewer, any mutation needs operator. */
export const RequireRole = (role: Role): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLE_KEY, role);

export const hasRole = (granted: readonly string[], required: Role): boolean =>
  granted.some((r) => ROLES.indexOf(r as Role) >= ROLES.indexOf(required));

export interface Principal {
  subject: string;
  roles: Role[];
}
