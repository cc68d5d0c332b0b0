import { z } from 'zod';

export interface ConfigIssue {
  /** The environment variable (a dotted path for nested schemas). */
  key: string;
  message: string;
}

/** The environment does not satisfy the service's schema. The message lists every bad key, one per line. */
export class ConfigValidationError extends Error {
  readonly code = 'CONFIG_INVALID';

  constructor(readonly issues: readonly ConfigIssue[]) {
    super(['Invalid configuration:', ...issues.map(({ key, message }) => `  - ${key}: ${message}`)].join('\n'));
    this.name = 'ConfigValidationError';
  }
}

// Zod's default text for a missing key ("Invalid input: expected string, received undefined") reads badly in a
// boot log.
const errorMap: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined;

/**
 * Validates `env` against a service's schema and returns the typed config, or throws {@link ConfigValidationError}
 * listing every bad key. An empty variable (`PORT=`) counts as unset, as in most .env tooling, so it takes the
 * default.
 */
export const loadConfig = <S extends z.ZodObject>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> => {
  const input = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(input, { error: errorMap });
  if (result.success) return result.data;
  throw new ConfigValidationError(
    result.error.issues.map((issue) => ({
      key: issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.'),
      message: issue.message,
    })),
  );
};
