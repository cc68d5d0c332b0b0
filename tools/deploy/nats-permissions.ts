import {
  AppAdapterBroadcasts,
  COMMAND_ROOT,
  CONSUMERS,
  deadLetterSubject,
  inboxPrefix,
  JobEvents,
  LIVE_EVENTS,
  PROVISIONING_ROOT,
  ProvisioningCommands,
  SMARTLIC_EVENT_DEFINITIONS,
  STREAMS,
  type ConsumerDefinition,
} from '#libs/contracts';

/**
 * Per-service NATS users and their subject permissions, generated from libs/contracts (`npm run nats-config` writes
 * deploy/nats/nats.conf). Events are `smartlic.<root>.v<N>.<entity>.<verb>`, commands `smartlic.cmd.<root>.…`: a
 * service publishes exactly the events of its own roots (the event registry lists them), sends commands only under
 * the command roots of the services it calls, answers commands under its own command roots, reads replies only on
 * its own inbox prefix (`_INBOX_<user>`), and reaches only its own durable consumers through the JetStream API.
 * Streams are created and updated by the `stream-provisioner` user alone (`npm run nats-provision`, a Job in Helm, a
 * one-shot service in compose). The namespace is empty in a deployment.
 */
export interface ServicePermissions {
  /** Service name = NATS user = durable prefix (`<service>__<purpose>`). */
  service: string;
  /** Roots the service owns: it publishes their events and answers their commands. */
  roots: string[];
  /** Roots of the services it sends commands to. */
  calls: string[];
  /** Publishes job status changes (`smartlic.job.v1.updated`). */
  runsJobs: boolean;
  /** Event subjects it reads over core NATS, without a durable consumer (the gateway's live events of the console). */
  watches?: string[];
}

export const SERVICE_PERMISSIONS: readonly ServicePermissions[] = [
  // app-adapter: the public key that encrypts a License Manager's password for app-adapter.
  { service: 'gateway', roots: [], calls: ['sync', 'registration', 'license-mode', 'caa', 'reporting', 'app-adapter'], runsJobs: false, watches: Object.values(LIVE_EVENTS).map((e) => e.subject) },
  { service: 'sync', roots: ['sync'], calls: [], runsJobs: true },
  { service: 'registration', roots: ['registration'], calls: ['sync', 'license-mode', 'caa'], runsJobs: true },
  { service: 'license-mode', roots: ['license-mode'], calls: ['caa', 'registration'], runsJobs: true },
  { service: 'app-adapter', roots: ['caa', 'app-adapter'], calls: ['sync'], runsJobs: false },
  { service: 'reporting', roots: ['reporting'], calls: ['sync', 'registration', 'caa'], runsJobs: true },
];

/** The user that creates and updates the streams (and nothing else). */
export const STREAM_PROVISIONER = 'stream-provisioner';

/** Every durable consumer in libs/contracts, by owning service (the prefix of `<service>__<purpose>`). */
export const consumersOf = (service: string): ConsumerDefinition[] =>
  Object.values(CONSUMERS)
    .flatMap((group) => Object.values(group) as ConsumerDefinition[])
    .filter((c) => c.durable.split('__')[0] === service);

const ALL_STREAMS = [STREAMS.provisioning, STREAMS.events, STREAMS.deadLetter];

const rootOf = (subject: string): string => subject.split('.')[1] ?? '';

/** The JetStream events and core NATS broadcasts a service publishes: those of its roots, and job updates. */
export const eventsOf = (p: ServicePermissions): string[] => [
  ...new Set([
    ...SMARTLIC_EVENT_DEFINITIONS.map((e) => e.subject).filter((s) => p.roots.includes(rootOf(s))),
    ...Object.values(AppAdapterBroadcasts).filter((s) => p.roots.includes(rootOf(s))),
    ...(p.runsJobs ? [JobEvents.updated.subject] : []),
  ]),
];

/** Core NATS broadcasts a service listens to (between its own replicas). */
const broadcastsOf = (p: ServicePermissions): string[] => Object.values(AppAdapterBroadcasts).filter((s) => p.roots.includes(rootOf(s)));

/**
 * JetStream API a service needs: stream INFO (libs/messaging checks at start that the provisioner has created the
 * streams), and for its own durables INFO, CREATE (create or update: `ensureConsumer`), MSG.NEXT and ACK. No stream
 * CREATE/UPDATE/DELETE, no consumer DELETE, never `$JS.>` (admin APIs were once authorised by it alone).
 */
const jetStreamApi = (consumers: readonly ConsumerDefinition[]): string[] => [
  '$JS.API.INFO',
  ...ALL_STREAMS.map((s) => `$JS.API.STREAM.INFO.${s}`),
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
      ...eventsOf(p),
      ...p.calls.map((r) => `${COMMAND_ROOT}.${r}.>`),
      ...consumers.map((c) => deadLetterSubject(c.durable)),
      ...jetStreamApi(consumers),
    ],
    // Its own inbox: replies to its requests (commands, JetStream API, publish acks) and pull-consumer deliveries.
    subscribe: [`${inboxPrefix(p.service)}.>`, ...p.roots.map((r) => `${COMMAND_ROOT}.${r}.>`), ...broadcastsOf(p), ...(p.watches ?? [])],
    // Answering a command publishes to the requester's inbox: allowed once per request received.
    allowResponses: p.roots.length > 0,
  };
};

/**
 * Provisioning systems (BSS, Unified CDM, VOSS): publish the inbound contract, read its acks on their inbox prefix
 * (`_INBOX_provisioning`), and ask app-adapter for the public key that encrypts credentials; nothing else.
 */
export const PROVISIONING_USER: NatsUserPermissions = {
  user: 'provisioning',
  passwordVariable: passwordVariable('provisioning'),
  publish: [`${PROVISIONING_ROOT}.>`, ProvisioningCommands.encryptionKey.subject, '$JS.API.INFO', `$JS.API.STREAM.INFO.${STREAMS.provisioning}`],
  subscribe: [`${inboxPrefix('provisioning')}.>`],
  allowResponses: false,
};

/** Creates and updates the three streams (`ensureStreams`), before the services start and at every upgrade. */
export const STREAM_PROVISIONER_USER: NatsUserPermissions = {
  user: STREAM_PROVISIONER,
  passwordVariable: passwordVariable(STREAM_PROVISIONER),
  publish: ['$JS.API.INFO', ...ALL_STREAMS.flatMap((s) => [`$JS.API.STREAM.INFO.${s}`, `$JS.API.STREAM.CREATE.${s}`, `$JS.API.STREAM.UPDATE.${s}`])],
  subscribe: [`${inboxPrefix(STREAM_PROVISIONER)}.>`],
  allowResponses: false,
};

/** Every generated user, services first. */
export const ALL_USER_PERMISSIONS = (): NatsUserPermissions[] => [...SERVICE_PERMISSIONS.map(servicePermissions), PROVISIONING_USER, STREAM_PROVISIONER_USER];

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

/** deploy/nats/nats.conf: JetStream, monitoring, one user per service, the provisioning and stream-provisioner users, an admin user. */
export const renderNatsConfig = (): string =>
  [
    '# GENERATED by `npm run nats-config` from libs/contracts (tools/deploy/nats-permissions.ts): do not edit.',
    '# Passwords come from the environment of nats-server (NATS_PASSWORD_<USER>, e.g. NATS_PASSWORD_LICENSE_MODE).',
    '#',
    '# Each service has its own user: it publishes exactly its own events (smartlic.<root>.v1.…), sends commands only',
    '# under the command roots of the services it calls (smartlic.cmd.<root>.>), answers commands under its own',
    '# (allow_responses), reads replies only on its inbox prefix _INBOX_<user> (libs/messaging sets it from NATS_USER),',
    '# and reaches only its own durable consumers through the JetStream API (INFO, CREATE, MSG.NEXT, ACK). Streams are',
    '# created and updated by the stream-provisioner user alone (`nats-provision`, run before the services start);',
    "# never `$JS.>` (admin APIs were once authorised by it alone). NATS_NAMESPACE must be empty with these permissions.",
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
    [...ALL_USER_PERMISSIONS().map(renderUser), ['    {', '      user: "admin"', '      password: $NATS_PASSWORD_ADMIN', '    }'].join('\n')].join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
