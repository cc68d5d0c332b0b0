import { isIP } from 'node:net';
import { z } from 'zod';
import { type KeyRing, parseKeyRing, ProvisioningKeyRing } from '#libs/secrets';

/** A config field read from one environment variable: string (or unset) in, `T` out. */
export type EnvField<T> = z.ZodType<T, string | undefined>;

/** The `type` shown by {@link describeConfigSchema}, kept in the schema's global-registry metadata. */
export const ENV_TYPE_META_KEY = 'envType';

const INVALID = Symbol('invalid');
type Parsed<T> = T | { readonly [INVALID]: string };

const invalid = (message: string): { readonly [INVALID]: string } => ({ [INVALID]: message });

// Echoes short scalar values only; URLs may carry credentials and are never echoed.
const received = (raw: string): string => `received ${JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw)}`;

const field = <T>(type: string, parse: (raw: string) => Parsed<T>, defaultValue: string | undefined): EnvField<T> => {
  const schema = z
    .string()
    .transform((raw, ctx): T => {
      const result = parse(raw);
      if (typeof result === 'object' && result !== null && INVALID in result) {
        ctx.addIssue({ code: 'custom', message: result[INVALID] });
        return z.NEVER;
      }
      return result as T;
    })
    .meta({ [ENV_TYPE_META_KEY]: type });
  // A prefault is parsed like a real value, so a bad default fails loudly and describeConfigSchema shows the
  // default as it would be written in the environment ("10s", not 10000).
  return (defaultValue === undefined ? schema : schema.prefault(defaultValue)) as EnvField<T>;
};

const parseInteger = (raw: string, min: number, max: number): Parsed<number> => {
  const text = raw.trim();
  if (!/^[-+]?\d+$/.test(text)) return invalid(`expected number, ${received(raw)}`);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    return invalid(`must be an integer between ${min} and ${max}, ${received(raw)}`);
  }
  return value;
};

const DURATION_UNITS_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses `500`, `500ms`, `30s`, `5m`, `24h`, `90d` to milliseconds; undefined when `text` is not such a duration. */
export const parseDurationMs = (text: string): number | undefined => {
  const match = /^(\d+)\s*(ms|s|m|h|d)?$/.exec(text.trim());
  if (match === null) return undefined;
  const value = Number(match[1]) * DURATION_UNITS_MS[(match[2] ?? 'ms') as keyof typeof DURATION_UNITS_MS];
  return Number.isSafeInteger(value) ? value : undefined;
};

const isUrlWithProtocol = (text: string, protocols: readonly string[]): boolean => {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return protocols.includes(url.protocol) && url.host !== '';
};

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

const describeProtocols = (protocols: readonly string[]): string => protocols.map((p) => `${p}//`).join(' or ');

const parseList = (raw: string): string[] =>
  raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const oneOf = <T extends string>(values: readonly T[], raw: string, normalise: (s: string) => string): Parsed<T> => {
  const value = normalise(raw);
  return values.includes(value as T) ? (value as T) : invalid(`must be one of ${values.join(', ')}, ${received(raw)}`);
};

/**
 * Field builders for service env schemas. Each reads one variable as a string, validates it with a message fit
 * for an operator, and converts it. With a default the field is never undefined; without one it is required
 * (chain `.optional()` to make it optional). Empty variables count as unset (see loadConfig).
 */
export const env = {
  /** TCP port, 0-65535 (0 lets the OS pick, useful in tests). */
  port: (defaultValue?: number): EnvField<number> =>
    field('port', (raw) => parseInteger(raw, 0, 65_535), defaultValue?.toString()),

  /** A URL whose protocol is one of `protocols` (with the colon, as in `URL.protocol`: `'postgres:'`). Kept as a string. */
  url: (options: { protocols: readonly string[]; default?: string }): EnvField<string> =>
    field(
      'url',
      (raw) => {
        const text = raw.trim();
        return isUrlWithProtocol(text, options.protocols)
          ? text
          : invalid(`must be a ${describeProtocols(options.protocols)} URL`);
      },
      options.default,
    ),

  /** One or more comma-separated `nats://host:port` (or `tls://`) server URLs, as the `servers` option of nats.js. */
  natsUrl: (defaultValue?: string): EnvField<string[]> =>
    field(
      'nats-url',
      (raw) => {
        const servers = parseList(raw);
        const valid = servers.length > 0 && servers.every((server) => isUrlWithProtocol(server, ['nats:', 'tls:']));
        return valid ? servers : invalid('must be a nats:// URL or a comma-separated list of them');
      },
      defaultValue,
    ),

  /** `true`/`false`/`1`/`0`. */
  boolean: (defaultValue?: boolean): EnvField<boolean> =>
    field(
      'boolean',
      (raw) => {
        const text = raw.trim().toLowerCase();
        if (text === 'true' || text === '1') return true;
        if (text === 'false' || text === '0') return false;
        return invalid(`must be true, false, 1 or 0, ${received(raw)}`);
      },
      defaultValue?.toString(),
    ),

  int: (options: { min?: number; max?: number; default?: number } = {}): EnvField<number> =>
    field(
      'integer',
      (raw) => parseInteger(raw, options.min ?? Number.MIN_SAFE_INTEGER, options.max ?? Number.MAX_SAFE_INTEGER),
      options.default?.toString(),
    ),

  /**
   * A duration in milliseconds: `500` (ms), `500ms`, `30s`, `5m`, `24h`, `90d`. The default may be a number of ms or a
   * string. `longerThan` refuses durations up to a bound, naming what the bound is.
   */
  durationMs: (defaultValue?: number | string, options: { longerThan?: { ms: number; what: string } } = {}): EnvField<number> =>
    field(
      'duration',
      (raw) => {
        const ms = parseDurationMs(raw);
        if (ms === undefined) return invalid(`must be a duration such as 500, 500ms, 30s, 5m, 24h or 90d, ${received(raw)}`);
        const bound = options.longerThan;
        return bound && ms <= bound.ms ? invalid(`must be longer than ${bound.what} (${bound.ms} ms), ${received(raw)}`) : ms;
      },
      defaultValue?.toString(),
    ),

  /** A bind address: an IPv4/IPv6 address or a host name (`0.0.0.0` all interfaces, `127.0.0.1` loopback only). */
  host: (defaultValue?: string): EnvField<string> =>
    field(
      'host',
      (raw) => {
        const text = raw.trim();
        return isIP(text) !== 0 || HOST_NAME.test(text) ? text : invalid(`must be an IP address or a host name, ${received(raw)}`);
      },
      defaultValue,
    ),

  /** One of `values`, exactly. */
  enum: <const T extends readonly [string, ...string[]]>(values: T, defaultValue?: T[number]): EnvField<T[number]> =>
    field(`enum(${values.join('|')})`, (raw) => oneOf(values, raw, (s) => s.trim()), defaultValue),

  /** Comma-separated values; blanks are trimmed and empty items dropped. */
  list: (defaultValue?: readonly string[] | string): EnvField<string[]> =>
    field(
      'list',
      parseList,
      typeof defaultValue === 'string' || defaultValue === undefined ? defaultValue : defaultValue.join(','),
    ),

  /** A pino log level, case-insensitive. */
  logLevel: (defaultValue?: LogLevel): EnvField<LogLevel> =>
    field(`enum(${LOG_LEVELS.join('|')})`, (raw) => oneOf(LOG_LEVELS, raw, (s) => s.trim().toLowerCase()), defaultValue),

  /**
   * `SMARTLIC_ENCRYPTION_KEYS`: `kid:<base64 of 32 bytes>` entries, the active key first (see `#libs/secrets`).
   * Errors name the bad entry, never key material; the parsed {@link KeyRing} hides its bytes from logs.
   */
  /** X25519 private keys (JWK Set) that open the credentials of provisioning events; errors never echo a key. */
  provisioningKeys: (): EnvField<ProvisioningKeyRing> =>
    field(
      'jwk-set',
      (raw) => {
        try {
          return ProvisioningKeyRing.parse(raw);
        } catch (error) {
          return invalid(error instanceof Error ? error.message : 'invalid JWK Set');
        }
      },
      undefined,
    ),
  keyRing: (): EnvField<KeyRing> =>
    field(
      'key-ring',
      (raw) => {
        try {
          return parseKeyRing(raw);
        } catch (error) {
          return invalid(error instanceof Error ? error.message : 'invalid key ring');
        }
      },
      undefined,
    ),
};
