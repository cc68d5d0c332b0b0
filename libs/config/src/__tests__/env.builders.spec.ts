import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ConfigValidationError, env, loadConfig, parseDurationMs } from '../index.js';

// Parses one variable through loadConfig, so empty-means-unset and the message format are exercised too.
const read = <T>(field: z.ZodType<T, string | undefined>, value: string | undefined): T =>
  loadConfig(z.object({ VALUE: field }), { VALUE: value }).VALUE;

const failure = (field: z.ZodType<unknown, string | undefined>, value: string | undefined): string => {
  try {
    read(field, value);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.issues.map((issue) => issue.message).join('; ');
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(value)} to be rejected`);
};

describe('env.port', () => {
  it('reads a port', () => {
    expect(read(env.port(), '8080')).toBe(8080);
    expect(read(env.port(), '0')).toBe(0);
  });

  it('defaults', () => {
    expect(read(env.port(3000), undefined)).toBe(3000);
    expect(read(env.port(3000), '')).toBe(3000);
  });

  it('rejects non-numbers and out-of-range ports', () => {
    expect(failure(env.port(), 'abc')).toBe('expected number, received "abc"');
    expect(failure(env.port(), '65536')).toBe('must be an integer between 0 and 65535, received "65536"');
    expect(failure(env.port(), '80.5')).toMatch(/^expected number/);
  });

  it('is required without a default', () => {
    expect(failure(env.port(), undefined)).toBe('is required');
  });
});

describe('env.url', () => {
  const postgres = { protocols: ['postgres:', 'postgresql:'] };

  it('accepts the listed protocols', () => {
    expect(read(env.url(postgres), 'postgresql://u:p@db:5432/smartlic')).toBe('postgresql://u:p@db:5432/smartlic');
    expect(read(env.url({ ...postgres, default: 'postgres://localhost/x' }), undefined)).toBe('postgres://localhost/x');
  });

  it('rejects other protocols and non-URLs without echoing the value (it may hold a password)', () => {
    expect(failure(env.url(postgres), 'mysql://u:hunter2@db/x')).toBe('must be a postgres:// or postgresql:// URL');
    expect(failure(env.url(postgres), 'not a url')).toBe('must be a postgres:// or postgresql:// URL');
  });

  it('can be optional', () => {
    expect(read(env.url({ protocols: ['http:'] }).optional(), undefined)).toBeUndefined();
  });
});

describe('env.natsUrl', () => {
  it('reads one server or a comma-separated list', () => {
    expect(read(env.natsUrl(), 'nats://n1:4222')).toEqual(['nats://n1:4222']);
    expect(read(env.natsUrl(), 'nats://n1:4222, nats://n2:4222,tls://n3:4222')).toEqual([
      'nats://n1:4222',
      'nats://n2:4222',
      'tls://n3:4222',
    ]);
    expect(read(env.natsUrl('nats://127.0.0.1:4222'), undefined)).toEqual(['nats://127.0.0.1:4222']);
  });

  it('rejects anything that is not a nats:// URL', () => {
    expect(failure(env.natsUrl(), 'http://n1:4222')).toMatch(/must be a nats:\/\/ URL/);
    expect(failure(env.natsUrl(), 'nats://n1:4222,n2:4222')).toMatch(/must be a nats:\/\/ URL/);
    expect(failure(env.natsUrl(), ',')).toMatch(/must be a nats:\/\/ URL/);
  });
});

describe('env.boolean', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['false', false],
    ['0', false],
  ])('reads %s', (value, expected) => {
    expect(read(env.boolean(), value)).toBe(expected);
  });

  it('defaults', () => {
    expect(read(env.boolean(false), undefined)).toBe(false);
    expect(read(env.boolean(true), undefined)).toBe(true);
  });

  it('rejects other words', () => {
    expect(failure(env.boolean(), 'yes')).toBe('must be true, false, 1 or 0, received "yes"');
  });
});

describe('env.int', () => {
  it('reads integers within bounds', () => {
    expect(read(env.int({ min: 1, max: 10 }), '10')).toBe(10);
    expect(read(env.int(), '-5')).toBe(-5);
    expect(read(env.int({ default: 3 }), undefined)).toBe(3);
  });

  it('rejects out-of-bounds values and non-integers', () => {
    expect(failure(env.int({ min: 1, max: 10 }), '0')).toBe('must be an integer between 1 and 10, received "0"');
    expect(failure(env.int({ min: 1, max: 10 }), '11')).toMatch(/between 1 and 10/);
    expect(failure(env.int(), '1.5')).toBe('expected number, received "1.5"');
    expect(failure(env.int(), '99999999999999999999')).toMatch(/must be an integer between/);
  });
});

describe('env.durationMs', () => {
  it.each([
    ['500', 500],
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['24h', 86_400_000],
    ['90d', 7_776_000_000],
    [' 10 s ', 10_000],
  ])('reads %s', (value, expected) => {
    expect(read(env.durationMs(), value)).toBe(expected);
  });

  it('takes a default in ms or as a duration string', () => {
    expect(read(env.durationMs('10s'), undefined)).toBe(10_000);
    expect(read(env.durationMs(250), undefined)).toBe(250);
  });

  it('rejects other forms', () => {
    expect(failure(env.durationMs(), '1w')).toBe('must be a duration such as 500, 500ms, 30s, 5m, 24h or 90d, received "1w"');
    expect(failure(env.durationMs(), '-5s')).toMatch(/must be a duration/);
    expect(failure(env.durationMs(), '1.5s')).toMatch(/must be a duration/);
  });

  it('is exported as a plain parser too', () => {
    expect(parseDurationMs('1d')).toBe(86_400_000);
    expect(parseDurationMs('2m')).toBe(120_000);
    expect(parseDurationMs('soon')).toBeUndefined();
  });
});

describe('env.enum', () => {
  const transportMode = env.enum(['direct', 'proxy', 'on-prem'], 'direct');

  it('reads one of the values, typed as their union', () => {
    const mode: 'direct' | 'proxy' | 'on-prem' = read(transportMode, 'proxy');

    expect(mode).toBe('proxy');
    expect(read(transportMode, undefined)).toBe('direct');
  });

  it('rejects other values, listing the allowed ones', () => {
    expect(failure(transportMode, 'carrier-pigeon')).toBe(
      'must be one of direct, proxy, on-prem, received "carrier-pigeon"',
    );
  });
});

describe('env.list', () => {
  it('splits on commas, trimming and dropping empty items', () => {
    expect(read(env.list(), 'a, b,,c ')).toEqual(['a', 'b', 'c']);
  });

  it('defaults from an array or a string', () => {
    expect(read(env.list(['x', 'y']), undefined)).toEqual(['x', 'y']);
    expect(read(env.list('x,y'), undefined)).toEqual(['x', 'y']);
    expect(read(env.list([]), undefined)).toEqual([]);
  });
});

describe('env.logLevel', () => {
  it('reads a pino level, case-insensitive', () => {
    expect(read(env.logLevel(), 'DEBUG')).toBe('debug');
    expect(read(env.logLevel('info'), undefined)).toBe('info');
  });

  it('rejects unknown levels', () => {
    expect(failure(env.logLevel(), 'verbose')).toMatch(/^must be one of fatal, error, warn, info, debug, trace, silent/);
  });
});

describe('env.keyRing', () => {
  const key = (id: string): string => `${id}:${randomBytes(32).toString('base64')}`;

  it('parses the key ring, active key first', () => {
    expect(read(env.keyRing(), `${key('k2')},${key('k1')}`).keyIds).toEqual(['k2', 'k1']);
  });

  it('names the bad entry without echoing key material', () => {
    const shortKey = randomBytes(16).toString('base64');

    const message = failure(env.keyRing(), `${key('k2')},k1:${shortKey}`);

    expect(message).toMatch(/entry 2 \("k1"\): key must be exactly 32 bytes/);
    expect(message).not.toContain(shortKey);
  });
});

describe('env.host', () => {
  it.each(['0.0.0.0', '127.0.0.1', '::', '::1', 'localhost', 'smartlic-gateway.svc.cluster.local'])('reads the bind address %s', (value) => {
    expect(read(env.host('0.0.0.0'), value)).toBe(value);
  });

  it('defaults to its default', () => {
    expect(read(env.host('0.0.0.0'), undefined)).toBe('0.0.0.0');
  });

  it('rejects what is neither an address nor a host name', () => {
    expect(failure(env.host(), 'http://0.0.0.0')).toBe('must be an IP address or a host name, received "http://0.0.0.0"');
    expect(failure(env.host(), '300.1.1.1:80')).toMatch(/must be an IP address or a host name/);
  });
});
