import { CONSUMERS, deadLetterSubject, PROVISIONING_ROOT, SMARTLIC_ROOT, STREAMS, type ConsumerDefinition } from '#libs/contracts';

/**
 * Per-service NATS users and their subject permissions, generated from libs/contracts (`npm run nats-config` writes
 * deploy/nats/nats.conf). Subjects are `smartlic.<root>.v<N>.<entity>.<verb>`: a service publishes its own events
 * under its roots, sends requests under the roots of the services it calls, answers requests under its own roots,
 * and reaches only its own durable consumers through the JetStream API. The namespace is empty in a deployment.
 */
export interface ServicePermissions {
  /** Service name = NATS user = durable prefix (`<service>__<purpose>`). */
  service: string;
  /** Subject roots the service owns: its events and the commands it answers. */
  roots: string[];
  /** Roots of the services it sends commands to. */
  calls: string[];
  /** Publishes job status changes (`smartlic.job.v1.updated`). */
  runsJobs: boolean;
}

export const SERVICE_PERMISSIONS: readonly ServicePermissions[] = [
  { service: 'gateway', roots: ['gateway'], calls: ['sync', 'registration', 'license-mode', 'caa', 'reporting'], runsJobs: false },
  { service: 'sync', roots: ['sync'], calls: [], runsJobs: true },
  { service: 'registration', roots: ['registration'], calls: ['sync', 'license-mode', 'caa'], runsJobs: true },
  { service: 'license-mode', roots: ['license-mode'], calls: ['caa', 'registration'], runsJobs: true },
  { service: 'app-adapter', roots: ['caa', 'app-adapter'], calls: ['sync'], runsJobs: false },
  { service: 'reporting', roots: ['reporting'], calls: ['sync', 'registration', 'caa'], runsJobs: true },
];

/** Every durable consumer in libs/contracts, by owning service (the prefix of `<service>__<purpose>`). */
export const consumersOf = (service: string): ConsumerDefinition[] =>
  Object.values(CONSUMERS)
    .flatMap((group) => Object.values(group) as ConsumerDefinition[])
    .filter((c) => c.durable.split('__')[0] === service);

const ALL_STREAMS = [STREAMS.provisioning, STREAMS.events, STREAMS.deadLetter];

/**
 * JetStream API a service needs today: libs/messaging creates or updates every stream (`ensureStreams`) and its own
 * durable consumers (`ensureConsumer`) at start, pulls and acks them, and the consumer-lag monitor reads their info.
 * Moving stream and consumer provisioning to an admin identity (a Job) would leave only INFO, MSG.NEXT and ACK.
 */
const jetStreamApi = (consumers: readonly ConsumerDefinition[]): string[] => [
  '$JS.API.INFO',
  ...ALL_STREAMS.flatMap((s) => [`$JS.API.STREAM.INFO.${s}`, `$JS.API.STREAM.CREATE.${s}`, `$JS.API.STREAM.UPDATE.${s}`]),
  ...consumers.flatMap((c) => [
    `$JS.API.CONSUMER.INFO.${c.stream}.${c.durable}`,
    // nats.js names the filter subject in the create subject (server >= 2.9): CREATE.<stream>.<durable>.<filter>
    `$JS.API.CONSUMER.CREATE.${c.stream}.${c.durable}`,
    `$JS.API.CONSUMER.CREATE.${c.stream}.${c.durable}.>`,
    `$JS.API.CONSUMER.DURABLE.CREATE.${c.stream}.${c.durable}`,
    `$JS.API.CONSUMER.MSG.NEXT.${c.stream}.${c.durable}`,
    `$JS.ACK.${c.stream}.${c.durable}.>`,
  ]),
];

export interface NatsUserPermissions {
  user: string;
  passwordVariable: string;
  publish: string[];
  subscribe: string[];
  /** Lets the user answer requests it received (reply subjects), once each. */
  allowResponses: boolean;
}

const passwordVariable = (user: string): string => `NATS_PASSWORD_${user.toUpperCase().replace(/-/g, '_')}`;

export const servicePermissions = (p: ServicePermissions): NatsUserPermissions => {
  const consumers = consumersOf(p.service);
  return {
    user: p.service,
    passwordVariable: passwordVariable(p.service),
    publish: [
      ...p.roots.map((r) => `${SMARTLIC_ROOT}.${r}.>`),
      ...p.calls.map((r) => `${SMARTLIC_ROOT}.${r}.>`),
      ...(p.runsJobs ? [`${SMARTLIC_ROOT}.job.>`] : []),
      ...consumers.map((c) => deadLetterSubject(c.durable)),
      ...jetStreamApi(consumers),
    ],
    // _INBOX.>: replies to its requests (commands, JetStream API, publish acks) and pull-consumer deliveries.
    subscribe: ['_INBOX.>', ...p.roots.map((r) => `${SMARTLIC_ROOT}.${r}.>`)],
    allowResponses: true,
  };
};

/** Provisioning systems (BSS, Unified CDM, VOSS): publish the inbound contract and read its acks, nothing else. */
export const PROVISIONING_USER: NatsUserPermissions = {
  user: 'provisioning',
  passwordVariable: passwordVariable('provisioning'),
  publish: [`${PROVISIONING_ROOT}.>`, '$JS.API.INFO', `$JS.API.STREAM.INFO.${STREAMS.provisioning}`],
  subscribe: ['_INBOX.>'],
  allowResponses: false,
};

const list = (subjects: readonly string[]): string => `[\n${subjects.map((s) => `          "${s}"`).join(',\n')}\n        ]`;

const renderUser = (u: NatsUserPermissions): string =>
  [
    `    {`,
    `      user: "${u.user}"`,
    `      password: $${u.passwordVariable}`,
    `      permissions: {`,
    `        publish: { allow: ${list(u.publish)} }`,
    `        subscribe: { allow: ${list(u.subscribe)} }`,
    ...(u.allowResponses ? [`        allow_responses: true`] : []),
    `      }`,
    `    }`,
  ].join('\n');

/** deploy/nats/nats.conf: JetStream, monitoring, one user per service, the provisioning user and an admin user. */
export const renderNatsConfig = (): string =>
  [
    '# GENERATED by `npm run nats-config` from libs/contracts (tools/deploy/nats-permissions.ts): do not edit.',
    '# Passwords come from the environment of nats-server (NATS_PASSWORD_<USER>, e.g. NATS_PASSWORD_LICENSE_MODE).',
    '#',
    '# Each service has its own user: it publishes its events under its own subject roots, sends commands under the',
    '# roots of the services it calls, answers commands under its roots (allow_responses), and reaches only its own',
    '# durable consumers through the JetStream API. Services create and update the streams and their consumers at',
    '# start (ensureStreams / ensureConsumer in libs/messaging), so they hold STREAM.INFO/CREATE/UPDATE on the three',
    "# streams and CONSUMER.CREATE on their own durables; never `$JS.>` (admin APIs were once authorised by it alone).",
    '# The namespace (NATS_NAMESPACE) must be empty with these permissions.',
    '',
    'port: 4222',
    'http_port: 8222',
    'max_payload: 8MB',
    '',
    '# The store directory comes from the command line (`-sd /data` in docker-compose.yml).',
    'jetstream: enabled',
    '',
    'authorization {',
    '  users = [',
    [...SERVICE_PERMISSIONS.map((p) => renderUser(servicePermissions(p))), renderUser(PROVISIONING_USER), ['    {', '      user: "admin"', '      password: $NATS_PASSWORD_ADMIN', '    }'].join('\n')].join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
