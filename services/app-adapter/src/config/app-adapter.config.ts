import { z } from 'zod';
import { APPLICATION_TYPES } from '#libs/contracts';
import { baseServiceConfigSchema, env, provisioningConsumerConfig } from '#libs/config';

export const appAdapterConfigSchema = baseServiceConfigSchema.extend({
  PORT: env.port(3004).describe('HTTP port for /healthz and /readyz.'),
  CAA_APP_TYPES: env
    .list([...APPLICATION_TYPES])
    .pipe(z.array(z.enum(APPLICATION_TYPES)).min(1))
    .describe('Application types this deployment serves (cucm, cuc, cer, expressway), as HCM-F runs one CAA service per type.'),
  SMARTLIC_ENCRYPTION_KEYS: env.keyRing().describe('AES-256-GCM key ring for application credentials: kid:<base64 32 bytes>, active key first.'),
  PROVISIONING_DECRYPTION_KEYS: env
    .provisioningKeys()
    .optional()
    .describe(
      'Private X25519 keys (JWK Set, current first) that open the encryptedPassword fields of provisioning events; the public half is what integrators encrypt with (node dist/libs/secrets/src/cli/generate-provisioning-key.js).',
    ),
  ...provisioningConsumerConfig,
  CAA_CONNECT_TIMEOUT_MS: env.durationMs('3s').describe('TCP + TLS connect timeout towards an application node; past it the call fails with CAA1046.'),
  CAA_REQUEST_TIMEOUT_MS: env.durationMs('60s').describe('Time an application node has to answer one call (headers and body); past it the call fails with CAA1046.'),
  CAA_MAX_CONCURRENCY_PER_TYPE: env.int({ min: 1, max: 10_000, default: 25 }).describe('Concurrent calls to the applications of one type (cucm, cuc, cer, expressway).'),
  CAA_MAX_CONCURRENCY_PER_HOST: env.int({ min: 1, max: 10_000, default: 8 }).describe('Concurrent calls to one application node (HTTP port or platform CLI); the others wait their turn.'),
  CAA_CIRCUIT_BREAK_AFTER: env
    .int({ min: 1, max: 1000, default: 5 })
    .describe('Consecutive failed attempts to reach a node (refused, unreachable, timed out, dropped) that open its circuit: its calls then fail fast with CAA1046 (CAA1063 for the platform CLI).'),
  CAA_CIRCUIT_HALF_OPEN_AFTER_MS: env.durationMs('10s').describe('How long an open circuit of a node fails calls fast before one trial call may pass.'),
  CAA_READ_RETRIES: env.int({ min: 0, max: 10, default: 2 }).describe('Retries of an idempotent read (status, license-usage, transport.get, license-mode.get) after a connection failure or a 5xx.'),
  CAA_RETRY_BACKOFF_MS: env.durationMs('200ms').describe('First retry delay of an idempotent read, doubled on each retry.'),
  CAA_REBOOT_DEADLINE_MS: env
    .durationMs('40m')
    .describe("Default time the publisher's restart after a license mode change may take (PAWS restartSystem until getRestartSystemStatus answers complete); HCM-F waits up to 40 min (Cisco TN119377). A caller may pass its own."),
  CAA_REBOOT_POLL_MS: env
    .durationMs('5s')
    .describe('Interval between getRestartSystemStatus polls while the publisher restarts: 5 s suits labs and simulators; HCM-F polls every 5 min (TN119377).'),
  CAA_LICENSE_MODE_LEASE_MS: env
    .durationMs('30s')
    .describe(
      'How long a replica holds a license mode change it works on without renewing it (renewed every third of it); a change whose holder stopped (crash) is resumed by a replica once this lease has expired.',
    ),
  CAA_USAGE_COLLECTION_INTERVAL_MS: env
    .durationMs('24h')
    .describe('Interval of the scheduled license usage collection of every registered cluster (HCM-F: daily), shared by the replicas; 0 turns the schedule off.'),
  CAA_USAGE_COLLECTION_FIRST_RUN_DELAY_MS: env
    .durationMs('1m')
    .describe('Time after start before a collection that is due (a fresh deployment, or one whose last collection is older than the interval) runs.'),
  CAA_ENDPOINT_CACHE_TTL_MS: env
    .durationMs('30s')
    .describe('How long a cluster endpoint (nodes, decrypted credentials) read for a call is reused by the next calls; replicas drop it at once on a provisioning change. 0 reads it for every call.'),
  CAA_SSH_PORT: env.port(22).describe("SSH port of the applications' platform CLI (Emergency Responder smart licensing), the same on every node."),
  CAA_SSH_LOGIN_TIMEOUT_MS: env
    .durationMs('20s')
    .describe('TCP connect, SSH handshake and password authentication towards a platform CLI; past it the operation fails with CAA1063. The CLI then has CAA_REQUEST_TIMEOUT_MS to show its prompt.'),
  CAA_SSH_IDLE_TIMEOUT_MS: env
    .durationMs('2m')
    .describe('How long an SSH session to a publisher platform CLI stays open without a command; the next operation on that cluster reuses it instead of a new handshake.'),
  CAA_SSH_MAX_SESSIONS: env.int({ min: 1, max: 100_000, default: 1000 }).describe('Open platform CLI sessions kept at most; past it the least recently used idle one is closed.'),
  CAA_SSH_HOST_KEYS: env
    .enum(['remember', 'accept-any'], 'remember')
    .describe(
      "SSH host keys of the applications: remember (default) trusts a node's key on first use, stores it and refuses the connection (CAA1063, logged) when the node later presents another; accept-any for simulators and labs only (logged at warn at start).",
    ),
  CAA_HTTP_SCHEME: env
    .enum(['https', 'http'], 'https')
    .describe('https (default); http only for simulators and labs: every call then travels unencrypted (logged at warn at start).'),
  CAA_COP_SFTP_SERVER: env
    .host()
    .optional()
    .describe(
      "SFTP server (host name or IP; the platform connects on port 22) the publishers download the guide's license mode COP files from (ciscocm.HCSMode_v4.cop.sgn, ciscocm.EnterpriseMode_v4.cop.sgn), through PAWS prepareRemoteUpgrade, on releases without setDeploymentMode. Unset: such a release's mode change fails with CAA1077 naming these settings.",
    ),
  CAA_COP_SFTP_DIRECTORY: z.string().trim().min(1).optional().describe('Directory of the COP files on CAA_COP_SFTP_SERVER (required with it).'),
  CAA_COP_SFTP_USER: z.string().trim().min(1).optional().describe('SFTP user on CAA_COP_SFTP_SERVER (required with it).'),
  CAA_COP_SFTP_PASSWORD: z
    .string()
    .min(1)
    .optional()
    .describe('SFTP password on CAA_COP_SFTP_SERVER (required with it; secret: sent only inside the PAWS request to the publisher, never logged).'),
}).superRefine((c, ctx) => {
  // All four or none: a half-configured server would fail only at the first COP install.
  const cop = { CAA_COP_SFTP_SERVER: c.CAA_COP_SFTP_SERVER, CAA_COP_SFTP_DIRECTORY: c.CAA_COP_SFTP_DIRECTORY, CAA_COP_SFTP_USER: c.CAA_COP_SFTP_USER, CAA_COP_SFTP_PASSWORD: c.CAA_COP_SFTP_PASSWORD };
  const set = Object.entries(cop).filter(([, v]) => v !== undefined);
  if (set.length === 0 || set.length === 4) return;
  for (const [key, value] of Object.entries(cop)) {
    if (value === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `is required with ${set.map(([k]) => k).join(', ')}` });
  }
});
export type AppAdapterConfig = z.infer<typeof appAdapterConfigSchema>;
