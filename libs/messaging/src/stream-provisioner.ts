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

/** Creates or updates the streams smartlic needs (qualified by the namespace). Idempotent. */
export const ensureStreams = async (jsm: JetStreamManager, subjects: Subjects, definitions: readonly StreamDefinition[] = allStreamDefinitions()): Promise<void> => {
  for (const def of definitions) {
    const config = {
      name: subjects.stream(def.name),
      subjects: def.subjects.map((s) => subjects.qualify(s)),
      retention: RetentionPolicy.Limits,
      storage: def.storage === 'file' ? StorageType.File : StorageType.Memory,
      max_age: nanos(def.maxAgeMs),
      duplicate_window: nanos(def.duplicateWindowMs),
      // -1: no limit beyond the server's max_payload.
      max_msg_size: def.maxMessageBytes ?? -1,
      description: def.description,
    };
    try {
      const info = await jsm.streams.info(config.name);
      const missing = config.subjects.filter((s) => !info.config.subjects?.includes(s));
      if (missing.length > 0) {
        // Union: a service of an older release may still publish subjects this one no longer lists.
        await jsm.streams.update(config.name, { ...info.config, subjects: [...new Set([...(info.config.subjects ?? []), ...config.subjects])], max_msg_size: config.max_msg_size });
      } else if ((info.config.max_msg_size ?? -1) !== config.max_msg_size) {
        // Best effort: a service without the right to manage this stream leaves it to one that has it, and every
        // consumer's parser refuses an oversized message anyway.
        await jsm.streams.update(config.name, { ...info.config, max_msg_size: config.max_msg_size }).catch(() => undefined);
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
