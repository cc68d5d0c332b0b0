import { z } from 'zod';
import { baseServiceConfigSchema, ConfigValidationError, env, loadConfig } from '../index.js';

const expectConfigError = (action: () => unknown): ConfigValidationError => {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigValidationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigValidationError');
};

describe('loadConfig', () => {
  it('gives every base key its default in an empty environment', () => {
    const config = loadConfig(baseServiceConfigSchema, {});

    expect(config).toEqual({
      PORT: 3000,
      HOST: '0.0.0.0',
      MANAGEMENT_PORT: 9464,
      OUTBOX_RETENTION: 604_800_000,
      INBOX_RETENTION: 604_800_000,
      RETENTION_INTERVAL: 3_600_000,
      RETENTION_BATCH_SIZE: 1000,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/smartlic',
      DATABASE_POOL_SIZE: 10,
      NATS_URL: ['nats://127.0.0.1:4222'],
      NATS_NAMESPACE: '',
      NATS_STREAM_REPLICAS: 1,
      LOG_LEVEL: 'info',
      OTEL_METRIC_EXPORT_INTERVAL: 15_000,
      SHUTDOWN_GRACE_MS: 10_000,
      EVENT_MAX_CLOCK_SKEW_MS: 300_000,
      COMMAND_REPLY_VALIDATION: true,
    });
  });

  it('reads and converts the environment', () => {
    const config = loadConfig(baseServiceConfigSchema, {
      SERVICE_NAME: 'registration',
      PORT: '8081',
      NATS_URL: 'nats://a:4222,nats://b:4222',
      NATS_NAMESPACE: 'test_run-7',
      LOG_LEVEL: 'debug',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
      SHUTDOWN_GRACE_MS: '30s',
      UNRELATED: 'ignored',
    });

    expect(config).toMatchObject({
      SERVICE_NAME: 'registration',
      PORT: 8081,
      NATS_URL: ['nats://a:4222', 'nats://b:4222'],
      NATS_NAMESPACE: 'test_run-7',
      LOG_LEVEL: 'debug',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
      SHUTDOWN_GRACE_MS: 30_000,
    });
    expect(config).not.toHaveProperty('UNRELATED');
  });

  it('treats an empty variable as unset', () => {
    const config = loadConfig(baseServiceConfigSchema, { PORT: '', OTEL_EXPORTER_OTLP_ENDPOINT: '' });

    expect(config.PORT).toBe(3000);
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
  });

  it('lists every bad key at once, one per line', () => {
    const error = expectConfigError(() =>
      loadConfig(baseServiceConfigSchema, {
        PORT: 'abc',
        NATS_URL: 'http://nats:4222',
        NATS_NAMESPACE: 'tenant.a',
        LOG_LEVEL: 'loud',
        SHUTDOWN_GRACE_MS: 'forever',
        SMARTLIC_ENCRYPTION_KEYS: 'k1:tooshort',
      }),
    );

    expect(error.issues.map((issue) => issue.key)).toEqual([
      'PORT',
      'NATS_URL',
      'NATS_NAMESPACE',
      'LOG_LEVEL',
      'SHUTDOWN_GRACE_MS',
      'SMARTLIC_ENCRYPTION_KEYS',
    ]);
    expect(error.message).toBe(
      [
        'Invalid configuration:',
        '  - PORT: expected number, received "abc"',
        '  - NATS_URL: must be a nats:// URL or a comma-separated list of them',
        '  - NATS_NAMESPACE: may contain only letters, digits, _ and -',
        '  - LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent, received "loud"',
        '  - SHUTDOWN_GRACE_MS: must be a duration such as 500, 500ms, 30s, 5m, 24h or 90d, received "forever"',
        '  - SMARTLIC_ENCRYPTION_KEYS: key ring entry 1 ("k1"): key must be exactly 32 bytes after base64 decoding, got 6',
      ].join('\n'),
    );
  });

  it('reports missing required keys of an extended schema', () => {
    const schema = baseServiceConfigSchema.extend({
      CSSM_URL: env.url({ protocols: ['https:'] }),
      SMARTLIC_ENCRYPTION_KEYS: env.keyRing(),
      BATCH_SIZE: z.coerce.number().int(),
    });

    const error = expectConfigError(() => loadConfig(schema, { BATCH_SIZE: '5' }));

    // extend keeps an overridden key in its base position
    expect(error.issues).toEqual([
      { key: 'SMARTLIC_ENCRYPTION_KEYS', message: 'is required' },
      { key: 'CSSM_URL', message: 'is required' },
    ]);
  });

  it('reads process.env by default', () => {
    const schema = z.object({ SMARTLIC_TEST_LOAD_CONFIG: env.int() });
    process.env.SMARTLIC_TEST_LOAD_CONFIG = '42';
    try {
      expect(loadConfig(schema).SMARTLIC_TEST_LOAD_CONFIG).toBe(42);
    } finally {
      delete process.env.SMARTLIC_TEST_LOAD_CONFIG;
    }
  });
});
