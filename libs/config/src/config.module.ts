import { type DynamicModule, Inject, Module } from '@nestjs/common';
import type { z } from 'zod';
import { loadConfig } from './load-config.js';

/** Injection token of the service's parsed config. */
export const CONFIG = Symbol('smartlic.config');

/** {@link CONFIG}, typed with the config it resolves to (for `inject: [configToken<AppConfig>()]` and `moduleRef.get`). */
export type ConfigToken<T> = symbol & { readonly __config?: T };
export const configToken = <T>(): ConfigToken<T> => CONFIG as ConfigToken<T>;

/** Injects the parsed config: `constructor(@InjectConfig() private readonly config: AppConfig) {}`. */
export const InjectConfig = (): PropertyDecorator & ParameterDecorator => Inject(CONFIG);

export interface ConfigModuleOptions {
  /** The environment to validate; process.env by default. Tests pass a literal object. */
  env?: Record<string, string | undefined>;
}

/** Validates the environment once at bootstrap (failing with every bad key) and provides the result globally. */
@Module({})
export class ConfigModule {
  static forRoot<S extends z.ZodObject>(schema: S, options: ConfigModuleOptions = {}): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: CONFIG, useFactory: (): z.infer<S> => loadConfig(schema, options.env) }],
      exports: [CONFIG],
    };
  }
}
