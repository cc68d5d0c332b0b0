import { z } from 'zod';
import { LONGEST_DUPLICATE_WINDOW_MS } from '#libs/contracts';
import { env } from './env.builders.js';

// Retention windows of the outbox and inbox are refused at or below it.
const duplicateWindow = { ms: LONGEST_DUPLICATE_WINDOW_MS, what: "JetStream's duplicate window" };

/**
 * The keys every smartlic service reads. A service extends it with its own keys:
 * `baseServiceConfigSchema.extend({ CSSM_URL: env.url({ protocols: ['https:'] }).describe('...') })`.
 */
export const baseServiceConfigSchema = z.object({
  SERVICE_NAME: z
    .string()
    .optional()
    .describe('Name of this service instance in logs and health output; defaults to the service name in code.'),
  PORT: env.port(3000).describe('HTTP port for /healthz, /readyz and the REST API (0 picks a free port); /metrics is on MANAGEMENT_PORT.'),
  HOST: env
    .host('0.0.0.0')
    .describe('Address the HTTP ports bind to: 0.0.0.0 (all interfaces, right in a container), 127.0.0.1 (loopback only), :: for IPv6.'),
  MANAGEMENT_PORT: env
    .port(9464)
    .describe('HTTP port of /metrics (and, on the gateway, the API docs /api/docs), kept off the API port so they are not public; 0 picks a free port.'),
  DATABASE_URL: env
    .url({ protocols: ['postgres:', 'postgresql:'], default: 'postgres://postgres@127.0.0.1:5432/smartlic' })
    .describe('Postgres connection URL; each service uses its own schema in this database.'),
  NATS_URL: env
    .natsUrl('nats://127.0.0.1:4222')
    .describe('NATS server URL, or a comma-separated list of them (nats:// or tls://).'),
  NATS_USER: z
    .string()
    .optional()
    .describe('NATS user of this service (deploy/nats/nats.conf gives each service its own user and subject permissions); none when unset.'),
  NATS_PASSWORD: z.string().optional().describe('Password of NATS_USER.'),
  NATS_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/, 'may contain only letters, digits, _ and -')
    .prefault('')
    .describe(
      'Prefix for every NATS subject, stream and consumer name, isolating test runs or tenants sharing a NATS server; empty for none.',
    ),
  NATS_STREAM_REPLICAS: env
    .int({ min: 1, max: 5, default: 1 })
    .describe('Replicas of each JetStream stream smartlic creates (3 on a three-node JetStream cluster; at most the number of servers). Consumers follow their stream.'),
  LOG_LEVEL: env.logLevel('info').describe('Minimum log level: fatal, error, warn, info, debug, trace or silent.'),
  OTEL_EXPORTER_OTLP_ENDPOINT: env
    .url({ protocols: ['http:', 'https:'] })
    .optional()
    .describe('OTLP/HTTP collector endpoint for traces and metrics; tracing export is off when unset.'),
  OTEL_METRIC_EXPORT_INTERVAL: env
    .durationMs('15s')
    .describe('How often metrics are pushed over OTLP (when OTEL_EXPORTER_OTLP_ENDPOINT is set) and JetStream consumer lag is polled.'),
  OTEL_SERVICE_NAME: z
    .string()
    .optional()
    .describe('service.name of exported telemetry; defaults to SERVICE_NAME, then the service name in code.'),
  DATABASE_POOL_SIZE: env
    .int({ min: 1, max: 200, default: 10 })
    .describe('Postgres connections of the service (a job-heavy service may want more than its concurrent jobs / 10).'),
  SHUTDOWN_GRACE_MS: env
    .durationMs('10s')
    .describe('How long shutdown waits for in-flight requests and messages to finish (500ms, 30s, 5m, ...).'),
  EVENT_MAX_CLOCK_SKEW_MS: env
    .durationMs('5m')
    .describe("How far in the future an event's occurredAt may lie (publishers' clock skew); a later one is dead-lettered."),
  OUTBOX_RETENTION: env
    .durationMs('7d', { longerThan: duplicateWindow })
    .describe("How long published outbox rows are kept before pruning; must exceed JetStream's duplicate window. Unpublished rows are never pruned."),
  INBOX_RETENTION: env
    .durationMs('7d', { longerThan: duplicateWindow })
    .describe("How long the inbox remembers a processed message id (redeliveries inside it are skipped); must exceed JetStream's duplicate window."),
  RETENTION_INTERVAL: env
    .durationMs('1h')
    .describe('How often expired rows (outbox, inbox, job history, audit log) are pruned, in batches of RETENTION_BATCH_SIZE.'),
  RETENTION_BATCH_SIZE: env
    .int({ min: 1, max: 100_000, default: 1000 })
    .describe('Rows deleted per statement when pruning: small batches keep each transaction and its locks short.'),
  COMMAND_REPLY_VALIDATION: env
    .boolean(true)
    .describe(
      'Check every command reply against its contract (a reply that does not match fails the call, naming the command and field). Honoured only with NODE_ENV=production, where false saves the check; elsewhere replies are always checked.',
    ),
  SMARTLIC_ENCRYPTION_KEYS: env
    .keyRing()
    .optional()
    .describe(
      'AES-256-GCM key ring for secrets stored in Postgres: comma-separated kid:<base64 of 32 bytes>, active key first. Required by services that store secrets.',
    ),
});

export type BaseServiceConfig = z.infer<typeof baseServiceConfigSchema>;
