import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { inboxPrefix, Subjects } from '#libs/contracts';

export interface NatsSettings {
  url: string | string[];
  /** Connection name shown by the server (`nats server report connections`). */
  name: string;
  namespace?: string;
  user?: string;
  pass?: string;
}

/** A NATS connection with its JetStream handles and the namespace's subject builder. */
export interface NatsHandles {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  subjects: Subjects;
  /** The connection's inbox prefix when it has its own (per-user permissions): pull loops reply there. */
  inboxPrefix?: string;
}

export const connectNats = async (settings: NatsSettings): Promise<NatsHandles> => {
  const nc = await connect({
    servers: Array.isArray(settings.url) ? settings.url : settings.url.split(',').map((s) => s.trim()),
    name: settings.name,
    user: settings.user,
    pass: settings.pass,
    // Replies (commands, JetStream API, publish acks, pull deliveries) on the user's own inbox prefix: the generated
    // permissions let a user read `_INBOX_<user>.>` only, so no user reads another's replies.
    inboxPrefix: settings.user ? inboxPrefix(settings.user) : undefined,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    // A nats-server that is down or restarting when the service starts delays the start instead of ending it.
    waitOnFirstConnect: true,
    // nats.js async traces stay on (the default): command.client.ts and jetstream-publisher.ts say why and what the
    // hot paths do instead.
  });
  // No API check here: JetStream may still be starting; the first stream or consumer call (retried) finds out.
  const jsm = await jetstreamManager(nc, { checkAPI: false });
  return { nc, js: jetstream(nc), jsm, subjects: new Subjects(settings.namespace ?? ''), inboxPrefix: settings.user ? inboxPrefix(settings.user) : undefined };
};

/** The oldest nats-server release smartlic supports in production (2.9 still works for development machines). */
export const MINIMUM_PRODUCTION_NATS_SERVER = '2.10.0';

/** The connected server's version, and whether it is older than the production minimum. */
export const natsServerVersion = (nc: NatsConnection): { version: string; belowProductionMinimum: boolean } => {
  const version = nc.info?.version ?? '0.0.0';
  const [a, b, c] = version.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  const [x, y, z] = MINIMUM_PRODUCTION_NATS_SERVER.split('.').map(Number);
  const below = a! !== x! ? a! < x! : b! !== y! ? b! < y! : c! < z!;
  return { version, belowProductionMinimum: below };
};
