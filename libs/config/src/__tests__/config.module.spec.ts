import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { z } from 'zod';
import { CONFIG, ConfigModule, ConfigValidationError, configToken, env, InjectConfig } from '../index.js';

const schema = z.object({ PORT: env.port(3000), MODE: env.enum(['direct', 'proxy']) });
type AppConfig = z.infer<typeof schema>;

@Injectable()
class NeedsConfig {
  constructor(@InjectConfig() readonly config: AppConfig) {}
}

// A feature module that does not import ConfigModule: the config is global.
@Module({ providers: [NeedsConfig], exports: [NeedsConfig] })
class FeatureModule {}

describe('ConfigModule', () => {
  it('provides the parsed config globally, through @InjectConfig and the CONFIG token', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(schema, { env: { MODE: 'proxy' } }), FeatureModule],
    }).compile();

    expect(moduleRef.get(NeedsConfig).config).toEqual({ PORT: 3000, MODE: 'proxy' });
    expect(moduleRef.get<AppConfig>(CONFIG)).toBe(moduleRef.get(NeedsConfig).config);
    expect(configToken<AppConfig>()).toBe(CONFIG);
  });

  it('fails the bootstrap with every bad key', async () => {
    const compiling = Test.createTestingModule({
      imports: [ConfigModule.forRoot(schema, { env: { PORT: 'x' } })],
    }).compile();

    await expect(compiling).rejects.toThrow(ConfigValidationError);
    await expect(
      Test.createTestingModule({ imports: [ConfigModule.forRoot(schema, { env: { PORT: 'x' } })] }).compile(),
    ).rejects.toThrow(/PORT: expected number[\s\S]*MODE: is required/);
  });
});
