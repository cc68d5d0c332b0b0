import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'smartlic:public';

/** Route reachable without a bearer token (health probes, OpenAPI document). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
