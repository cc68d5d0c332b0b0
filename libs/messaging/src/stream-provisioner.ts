import { AckPolicy, DeliverPolicy, RetentionPolicy, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { allStreamDefinitions, type ConsumerDefinition, type StreamDefinition, type Subjects } from '#libs/contracts';

const isNotFound = (error: unknown): boolean => /not found/i.test((error as Error).message ?? '');

/**
 * Deliveries the server allows beyond a consumer's own maxDeliver: the consumer dead-letters a message on its last
 * delivery, and these spare ones catch a last delivery cut short (a crash, a lost ack) so it is dead-lettered on the
 * next one instead of dropped silently at the server's max_deliver.
 */
export const SPARE_DELIVERIES = 2;

/** The server refused the request to this user (a stream CREATE/UPDATE to a service: only the stream-provisioner may). */
export const isPermissionViolation = (error: unknown): boolean => {
  const e = error as (Error & { cause?: Error }) | undefined;
  return [e, e?.cause].some((x) => x?.name === 'PermissionViolationError' || /permissions violation/i.test(x?.message ?? ''));
};

/** A stream is missing or lacks subjects, and this NATS user may not create or update it. */
export class StreamNotProvisionedError extends Error {
  constructor(stream: string, missing: readonly string[]) {
    super(
      `stream ${stream} is ${missing.length ? `missing subjects ${missing.join(', ')}` : 'missing'} and this NATS user may not create or update it: ` +
        'run `nats-provision` (node dist/tools/deploy/provision-nats.js) as the stream-provisioner user',
    );
    this.name = 'StreamNotProvisionedError';
  }
}

export interface EnsureStreamsOptions {
  /**
   * How long to wait for the stream-provisioner when this user may not create or update a stream (a service under the
   * generated permissions, started beside the provisioning Job). 0 fails at once.
   */
  waitForProvisionerMs?: number;
  /** Replicas of each stream (NATS_STREAM_REPLICAS): 1 on a single server, 3 on a three-node JetStream cluster. */
  replicas?: number;
}

/**
 * Creates or updates the streams smartlic needs (qualified by the namespace). Idempotent. A user without stream
 * CREATE/UPDATE (every service under deploy/nats/nats.conf) only checks them: when one is missing or lacks subjects it
 * waits for the stream-provisioner, then fails naming the stream.
 */
export const ensureStreams = async (
  jsm: JetStreamManager,
  subjects: Subjects,
  definitions: readonly StreamDefinition[] = allStreamDefinitions(),
  options: EnsureStreamsOptions = {},
): Promise<void> => {
  for (const def of definitions) {
    try {
      await ensureStream(jsm, subjects, def, options.replicas ?? 1);
    } catch (error) {
      if (!isPermissionViolation(error)) throw error;
      await awaitProvisioned(jsm, subjects, def, options.waitForProvisionerMs ?? 60_000);
    }
  }
};

const missingSubjects = async (jsm: JetStreamManager, name: string, wanted: readonly string[]): Promise<string[] | undefined> => {
  try {
    const info = await jsm.streams.info(name);
    return wanted.filter((s) => !info.config.subjects?.includes(s));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
};

const awaitProvisioned = async (jsm: JetStreamManager, subjects: Subjects, def: StreamDefinition, waitMs: number): Promise<void> => {
  const name = subjects.stream(def.name);
  const wanted = def.subjects.map((s) => subjects.qualify(s));
  const deadline = Date.now() + waitMs;
  for (;;) {
    const missing = await missingSubjects(jsm, name, wanted);
    if (missing && missing.length === 0) return;
    if (Date.now() >= deadline) throw new StreamNotProvisionedError(name, missing ?? []);
    await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, Math.max(0, deadline - Date.now()))));
  }
};

const ensureStream = async (jsm: JetStreamManager, subjects: Subjects, def: StreamDefinition, replicas: number): Promise<void> => {
  const config = {
    name: subjects.stream(def.name),
    subjects: def.subjects.map((s) => subjects.qualify(s)),
    retention: RetentionPolicy.Limits,
    storage: def.storage === 'file' ? StorageType.File : StorageType.Memory,
    max_age: nanos(def.maxAgeMs),
    duplicate_window: nanos(def.duplicateWindowMs),
    // -1: no limit beyond the server's max_payload.
    max_msg_size: def.maxMessageBytes ?? -1,
    num_replicas: replicas,
    description: def.description,
  };
  try {
    const info = await jsm.streams.info(config.name);
    const missing = config.subjects.filter((s) => !info.config.subjects?.includes(s));
    if (missing.length > 0) {
      // Union: a service of an older release may still publish subjects this one no longer lists.
      await jsm.streams.update(config.name, { ...info.config, subjects: [...new Set([...(info.config.subjects ?? []), ...config.subjects])], max_msg_size: config.max_msg_size, num_replicas: replicas });
    } else if ((info.config.max_msg_size ?? -1) !== config.max_msg_size || (info.config.num_replicas ?? 1) !== replicas) {
      // Best effort: a service without the right to manage this stream leaves it to one that has it, and every
      // consumer's parser refuses an oversized message anyway.
      await jsm.streams.update(config.name, { ...info.config, max_msg_size: config.max_msg_size, num_replicas: replicas }).catch(() => undefined);
    }
  } catch (error) {
    if (!isNotFound(error)) throw error;
    for (let attempt = 1; ; attempt++) {
      try {
        await jsm.streams.add(config);
        break;
      } catch (addError) {
        const message = (addError as Error).message ?? '';
        // Another service created it between our info and add.
        if (/already in use|exists/i.test(message)) break;
        // nats-server 2.9 removes the account's empty streams directory when its last stream is deleted; a create
        // racing with that fails once ("error creating store for stream"): the next attempt succeeds.
        if (!/error creating store/i.test(message) || attempt >= 3) throw addError;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  }
};

/** Creates or updates a durable pull consumer. Idempotent. */
export const ensureConsumer = async (jsm: JetStreamManager, subjects: Subjects, def: ConsumerDefinition): Promise<{ stream: string; durable: string }> => {
  const stream = subjects.stream(def.stream);
  const config = {
    durable_name: def.durable,
    filter_subject: subjects.qualify(def.filterSubject),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(def.ackWaitMs),
    max_deliver: def.maxDeliver + SPARE_DELIVERIES,
    max_ack_pending: def.maxAckPending,
  };
  try {
    await jsm.consumers.info(stream, def.durable);
    await jsm.consumers.update(stream, def.durable, { ack_wait: config.ack_wait, max_deliver: config.max_deliver, max_ack_pending: config.max_ack_pending });
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.consumers.add(stream, config);
  }
  return { stream, durable: def.durable };
};
