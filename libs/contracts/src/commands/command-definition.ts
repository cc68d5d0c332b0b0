import type { z } from 'zod';

/**
 * A bounded command: NATS request/reply on a queue group of the owning service. The reply is a
 * `CommandReply`: either `{ ok: true, data }` or `{ ok: false, error: SmartlicError }` — expected failures are
 * returned as data so their catalogue code survives the process boundary.
 */
export interface CommandDefinition<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  subject: string;
  /** Service whose queue group answers. */
  service: string;
  request: Req;
  response: Res;
  /** Default timeout of a request, in ms. */
  timeoutMs: number;
  summary: string;
}

export const defineCommand = <Req extends z.ZodType, Res extends z.ZodType>(d: CommandDefinition<Req, Res>): CommandDefinition<Req, Res> => d;

export type CommandRequest<C> = C extends CommandDefinition<infer R, z.ZodType> ? z.input<R> : never;
export type CommandResponse<C> = C extends CommandDefinition<z.ZodType, infer R> ? z.infer<R> : never;
