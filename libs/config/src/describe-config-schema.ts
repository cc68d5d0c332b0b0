import { z } from 'zod';
import { ENV_TYPE_META_KEY } from './env.builders.js';

/** One row of the environment reference. */
export interface ConfigKeyDescription {
  key: string;
  /** `port`, `url`, `duration`, `enum(a|b)`, ... for env builders; the zod type otherwise. */
  type: string;
  /** The default as written in the environment, or undefined when there is none. */
  default: string | undefined;
  /** True when the service refuses to start without it. */
  required: boolean;
  description: string | undefined;
}

type AnySchema = z.core.$ZodType;

const defaultAsEnv = (value: unknown): string =>
  Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : JSON.stringify(value);

// Wrappers (optional, default, prefault, pipe, ...) are unwrapped outermost first, so a `.describe()` on the
// outside wins over metadata further in.
const innerOf = (schema: AnySchema): AnySchema | undefined => {
  const def = schema._zod.def as unknown as { innerType?: AnySchema; in?: AnySchema; type: string };
  return def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
};

const zodType = (schema: AnySchema): string => {
  const def = schema._zod.def as unknown as { type: string; format?: string; entries?: Record<string, string> };
  if (def.type === 'enum' && def.entries !== undefined) return `enum(${Object.values(def.entries).join('|')})`;
  if (def.type === 'string' && def.format !== undefined) return def.format;
  return def.type;
};

const describeKey = (key: string, field: AnySchema): ConfigKeyDescription => {
  let type: string | undefined;
  let description: string | undefined;
  let defaultValue: string | undefined;
  let innermost = field;
  for (let schema: AnySchema | undefined = field; schema !== undefined; schema = innerOf(schema)) {
    innermost = schema;
    const meta = z.globalRegistry.get(schema);
    description ??= meta?.description;
    const envType = meta?.[ENV_TYPE_META_KEY];
    if (type === undefined && typeof envType === 'string') type = envType;
    const def = schema._zod.def as unknown as { type: string; defaultValue?: unknown };
    if ((def.type === 'default' || def.type === 'prefault') && defaultValue === undefined) {
      defaultValue = defaultAsEnv(def.defaultValue);
    }
  }
  return {
    key,
    type: type ?? zodType(innermost),
    default: defaultValue,
    // optin is how zod itself decides whether an object key may be missing.
    required: field._zod.optin === undefined,
    description,
  };
};

/** The env reference of a service schema, in declaration order: the source of the README's configuration table. */
export const describeConfigSchema = (schema: z.ZodObject): ConfigKeyDescription[] =>
  Object.entries(schema.shape).map(([key, field]) => describeKey(key, field as AnySchema));
