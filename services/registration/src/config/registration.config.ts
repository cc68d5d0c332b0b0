import { baseServiceConfigSchema, env, provisioningConsumerConfig } from '#libs/config';

export const registrationConfigSchema = baseServiceConfigSchema.extend({
  PORT: env.port(3002).describe('HTTP port for /healthz and /readyz.'),
  JOB_HISTORY_RETENTION: env.durationMs('90d').describe("How long finished jobs are kept (the Jobs page) before pruning; each cluster's latest job stays."),
  ...provisioningConsumerConfig,
  REGISTRATION_JOB_CONCURRENCY: env.int({ min: 1, max: 1024, default: 128 }).describe('Cluster jobs run at the same time by one replica.'),
  REGISTRATION_JOB_LEASE_MS: env.durationMs('60s').describe('How long a replica owns a running job before another may resume it (extended at each step).'),
  REGISTRATION_JOB_POLL_MS: env.durationMs('500ms').describe('How often the job worker looks for due jobs (new jobs of this replica start at once).'),
  REGISTRATION_JOB_MAX_ATTEMPTS: env.int({ min: 1, max: 100, default: 6 }).describe('Attempts of a step whose service did not answer (NATS timeout) before the job fails with the JMS-timeout code.'),
  REGISTRATION_JOB_RETRY_MS: env.durationMs('1s').describe('First retry delay of such a step; doubles per attempt.'),
  REGISTRATION_PLM_AUDIT_INTERVAL: env
    .durationMs('4h')
    .describe("Interval of the PLM audit: each License Manager's licenses and its clusters' usage read and published for the reports (HCM-F audits every 4 hours); 0 turns the schedule off (assignment changes still publish)."),
  REGISTRATION_CAA_TIMEOUT_MS: env.durationMs('2m').describe('How long a job waits for app-adapter to answer one application command (register, status, transport).'),
  REGISTRATION_LICENSE_MODE_TIMEOUT_MS: env.durationMs('16m').describe('How long a job waits for license-mode (a mode change reboots the publisher).'),
  REGISTRATION_LICENSE_MODE_ATTEMPT_MS: env
    .durationMs('30s')
    .describe(
      'How long one request to license-mode waits before the job asks again, within REGISTRATION_LICENSE_MODE_TIMEOUT_MS: license-mode joins the change already under way (app-adapter resumes it after a crash), so asking again never changes a mode twice, and a reply lost with a killed license-mode costs a job about this long.',
    ),
  REGISTRATION_STATUS_REFRESH_INTERVAL: env
    .durationMs('1h')
    .describe("How often the smart agent state of every cluster the Cluster Summary lists is read from its application (the scheduled status refresh; one replica runs each); 0 turns the schedule off. The first run comes one interval after the first start."),
  REGISTRATION_STATUS_REFRESH_JITTER: env.durationMs('5m').describe('Up to this much random delay is added to each scheduled status refresh, so deployments started together do not read every application at the same moment.'),
  REGISTRATION_STATUS_REFRESH_TICK: env.durationMs('10s').describe('How often a replica checks whether the scheduled status refresh is due (and extends the lease of the one it runs).'),
  REGISTRATION_STATUS_REFRESH_CONCURRENCY: env.int({ min: 1, max: 256, default: 16 }).describe('Status reads (app-adapter status commands) one replica has in flight during a status refresh.'),
  REGISTRATION_STATUS_REFRESH_TIMEOUT: env.durationMs('30s').describe('How long one status read of a refresh waits for app-adapter before the cluster is recorded as failed (CAA1001).'),
});
export type RegistrationConfig = ReturnType<typeof registrationConfigSchema.parse>;
