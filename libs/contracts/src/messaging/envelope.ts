import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * The envelope every smartlic event and provisioning event travels in. `correlationId` ties together every
 * message caused by one operator action or provisioning event; `causationId` names the message that caused
 * this one.
 */
export const envelopeSchema = <T extends z.ZodType>(data: T) =>
  z.object({
    id: z.uuid().describe('Unique message id; also the Nats-Msg-Id used for de-duplication'),
    type: z.string().min(1).describe('Event type, e.g. hcs.provisioning.cluster.created'),
    schemaVersion: z.number().int().positive().describe('Version of the payload schema'),
    occurredAt: z.iso.datetime({ offset: true }).describe('When the fact happened (ISO 8601)'),
    correlationId: z.string().min(1).max(200).describe('Ties together every message caused by one action'),
    causationId: z.string().min(1).max(200).nullish().describe('Id of the message that caused this one'),
    data,
  });

export interface Envelope<T = unknown> {
  id: string;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  correlationId: string;
  causationId?: string | null;
  data: T;
}

export interface EnvelopeOptions {
  id?: string;
  occurredAt?: Date | string;
  correlationId?: string;
  causationId?: string | null;
}

export const createEnvelope = <T>(type: string, schemaVersion: number, data: T, options: EnvelopeOptions = {}): Envelope<T> => {
  const id = options.id ?? randomUUID();
  const occurredAt = options.occurredAt instanceof Date ? options.occurredAt.toISOString() : (options.occurredAt ?? new Date().toISOString());
  return { id, type, schemaVersion, occurredAt, correlationId: options.correlationId ?? id, causationId: options.causationId ?? null, data };
};
