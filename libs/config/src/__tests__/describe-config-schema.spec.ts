import { z } from 'zod';
import { baseServiceConfigSchema, describeConfigSchema, env } from '../index.js';

describe('describeConfigSchema', () => {
  it('describes every base key, with a description each', () => {
    const rows = describeConfigSchema(baseServiceConfigSchema);

    expect(rows.map((row) => row.key)).toEqual(Object.keys(baseServiceConfigSchema.shape));
    for (const row of rows) expect(row.description).toEqual(expect.any(String));
  });

  it('shows types, defaults as written in the environment, and whether a key is required', () => {
    const rows = describeConfigSchema(baseServiceConfigSchema);
    const row = (key: string) => rows.find((r) => r.key === key);

    expect(row('PORT')).toEqual({
      key: 'PORT',
      type: 'port',
      default: '3000',
      required: false,
      description: 'HTTP port for /healthz, /readyz and the REST API (0 picks a free port); /metrics is on MANAGEMENT_PORT.',
    });
    expect(row('SHUTDOWN_GRACE_MS')).toMatchObject({ type: 'duration', default: '10s', required: false });
    expect(row('NATS_URL')).toMatchObject({ type: 'nats-url', default: 'nats://127.0.0.1:4222' });
    expect(row('NATS_NAMESPACE')).toMatchObject({ type: 'string', default: '', required: false });
    expect(row('LOG_LEVEL')).toMatchObject({ type: 'enum(fatal|error|warn|info|debug|trace|silent)', default: 'info' });
    expect(row('OTEL_EXPORTER_OTLP_ENDPOINT')).toMatchObject({ type: 'url', default: undefined, required: false });
    expect(row('SMARTLIC_ENCRYPTION_KEYS')).toMatchObject({ type: 'key-ring', required: false });
  });

  it('handles service keys: required builders, plain zod types and zod defaults', () => {
    const schema = baseServiceConfigSchema.extend({
      SMARTLIC_ENCRYPTION_KEYS: env.keyRing().describe('Required here.'),
      CSSM_URL: env.url({ protocols: ['https:'] }).describe('CSSM base URL.'),
      MODE: z.enum(['a', 'b']).default('a'),
      SCOPES: env.list(['x', 'y']),
      RETRIES: z.coerce.number().default(3).describe('Retries.'),
      TOKEN_AUDIENCE: z.url(),
    });

    const rows = describeConfigSchema(schema).slice(-6);

    expect(rows).toEqual([
      { key: 'SMARTLIC_ENCRYPTION_KEYS', type: 'key-ring', default: undefined, required: true, description: 'Required here.' },
      { key: 'CSSM_URL', type: 'url', default: undefined, required: true, description: 'CSSM base URL.' },
      { key: 'MODE', type: 'enum(a|b)', default: 'a', required: false, description: undefined },
      { key: 'SCOPES', type: 'list', default: 'x,y', required: false, description: undefined },
      { key: 'RETRIES', type: 'number', default: '3', required: false, description: 'Retries.' },
      { key: 'TOKEN_AUDIENCE', type: 'url', default: undefined, required: true, description: undefined },
    ]);
  });
});
