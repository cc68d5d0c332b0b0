import { applyDecorators } from '@nestjs/common';
import { ApiProduces, ApiResponse, type SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';
import type { CommandDefinition } from '#libs/contracts';

/** Where a route's answer is documented: the reflect key the OpenAPI spec reads to prove every route documents one. */
export const API_RESULT = 'smartlic:api-result';

const outputSchemaOf = (schema: z.ZodType): SchemaObject => z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as SchemaObject;

/**
 * Documents a route's 2xx answer from the zod schema it is built from (usually the response schema of the command the
 * route forwards to, so the REST document and the bus contract cannot drift). `status` must be the route's
 * `@HttpCode` (200 when it has none); `openapi-document.spec.ts` checks both.
 */
export const ApiResult = (result: z.ZodType | CommandDefinition, status = 200, description = 'OK'): MethodDecorator => {
  const schema = result instanceof z.ZodType ? result : result.response;
  return applyDecorators(
    ApiResponse({ status, description, content: { 'application/json': { schema: outputSchemaOf(schema) } } }),
    (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
      Reflect.defineMetadata(API_RESULT, status, descriptor.value as object);
      return descriptor;
    },
  );
};

/** Documents a route answering a file (a report download) in one of `contentTypes`. */
export const ApiFileResult = (...contentTypes: string[]): MethodDecorator =>
  applyDecorators(
    ApiProduces(...contentTypes),
    ApiResponse({ status: 200, description: 'The file', content: Object.fromEntries(contentTypes.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) }),
    (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
      Reflect.defineMetadata(API_RESULT, 200, descriptor.value as object);
      return descriptor;
    },
  );

/** Documents a route answering server-sent events (text/event-stream). */
export const ApiEventStreamResult = (): MethodDecorator =>
  applyDecorators(
    ApiProduces('text/event-stream'),
    ApiResponse({ status: 200, description: 'Server-sent events', content: { 'text/event-stream': { schema: { type: 'string' } } } }),
    (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
      Reflect.defineMetadata(API_RESULT, 200, descriptor.value as object);
      return descriptor;
    },
  );
