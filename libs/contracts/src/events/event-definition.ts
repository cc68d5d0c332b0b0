import type { z } from 'zod';

/** One event of a contract: its type, subject (without namespace), payload schema and version. */
export interface EventDefinition<S extends z.ZodType = z.ZodType> {
  type: string;
  subject: string;
  stream: string;
  schemaVersion: number;
  schema: S;
  summary: string;
}

export const defineEvent = <S extends z.ZodType>(definition: EventDefinition<S>): EventDefinition<S> => definition;

/** An event's data as its consumers receive it (after the schema's defaults). */
export type EventData<E> = E extends EventDefinition<infer S> ? z.infer<S> : never;
/** An event's data as a producer may write it (before the schema's defaults): what the outbox accepts. */
export type EventInput<E> = E extends EventDefinition<infer S> ? z.input<S> : never;
