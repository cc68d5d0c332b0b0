import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { Subjects } from '#libs/contracts';

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
}

export const connectNats = async (settings: NatsSettings): Promise<NatsHandles> => {
  const nc = await connect({
    servers: Array.isArray(settings.url) ? settings.url : settings.url.split(',').map((s) => s.trim()),
    name: settings.name,
    user: settings.user,
    pass: settings.pass,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    // nats.js async traces stay on (the default): command.client.ts and jetstream-publisher.ts say why and what the
    // hot paths do instead.
  });
  const jsm = await jetstreamManager(nc);
  return { nc, js: jetstream(nc), jsm, subjects: new Subjects(settings.namespace ?? '') };
};
