import { Param, Query } from '@nestjs/common';
import { ApiParam, ApiQuery, type SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';
import { provisioningIdSchema } from '#libs/contracts';
import { ZodValidationPipe } from '../pipes/zod-body.pipe.js';

const uuidOf = (what: string) => z.uuid({ error: `must be the id of a ${what} (a UUID)` });

/**
 * The format of each kind of id in a REST path. A malformed one names nothing: 404 naming `path.<name>` and the
 * format, answered before any service is asked, so a service never sees, say, a smart account id that is not a UUID.
 */
export const RESOURCE_IDS = {
  smartAccount: uuidOf('smart account'),
  virtualAccount: uuidOf('virtual account'),
  job: uuidOf('job'),
  statusRefresh: uuidOf('status refresh'),
  report: uuidOf('report'),
  licenseManager: uuidOf('License Manager'),
  /** The provisioning system's cluster id. */
  cluster: provisioningIdSchema,
  /** The provisioning system's customer id. */
  customer: provisioningIdSchema,
  /** CSSM's subscription id (e.g. Sub123456), as synced. */
  subscription: z.string().min(1).max(128).regex(/^[A-Za-z0-9._:@-]+$/, 'letters, digits and . _ : @ - only'),
} as const;

const jsonSchemaOf = (schema: z.ZodType): SchemaObject => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as SchemaObject;

/** The method a parameter decorator sits on, so that a method decorator (the OpenAPI one) can be applied from it. */
const methodOf = (target: object, key: string | symbol | undefined): [string | symbol, PropertyDescriptor] => {
  if (key === undefined) throw new Error('a REST parameter decorator belongs on a method');
  return [key, Object.getOwnPropertyDescriptor(target, key)!];
};

/** A path parameter, validated against its format and documented with it in the OpenAPI document. */
export const PathParam =
  (name: string, schema: z.ZodType): ParameterDecorator =>
  (target, key, index) => {
    Param(name, new ZodValidationPipe(schema))(target, key, index);
    ApiParam({ name, required: true, schema: jsonSchemaOf(schema) })(target, ...methodOf(target, key));
  };

/** The query string, validated as one object and documented parameter by parameter in the OpenAPI document. */
export const ValidQuery =
  (schema: z.ZodType): ParameterDecorator =>
  (target, key, index) => {
    Query(new ZodValidationPipe(schema))(target, key, index);
    const json = jsonSchemaOf(schema);
    const required = new Set(json.required ?? []);
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      const { description, ...rest } = property as SchemaObject;
      ApiQuery({ name, required: required.has(name), schema: rest, ...(description ? { description } : {}) })(target, ...methodOf(target, key));
    }
  };

/** A request body's OpenAPI schema with an example: the example must pass the schema (checked when the module loads). */
export const bodySchema = <S extends z.ZodType>(schema: S, example: z.input<S>): Record<string, unknown> => {
  const checked = schema.safeParse(example);
  if (!checked.success) throw new Error(`the OpenAPI example does not pass its schema: ${checked.error.message}`);
  return { ...jsonSchemaOf(schema), example };
};
