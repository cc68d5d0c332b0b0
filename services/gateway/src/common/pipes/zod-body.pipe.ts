import { BadRequestException, Injectable, NotFoundException, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { SMARTLIC_ERROR_CODES } from '#libs/contracts';
import type { z } from 'zod';

/** How a field is named in `errors`: body fields by their path, parameters as `path.<name>` and `query.<name>`. */
const fieldNames = (issue: z.core.$ZodIssue, metadata: ArgumentMetadata | undefined): string[] => {
  // A strict object refusing unknown keys names them in `keys`, not in its (empty) path.
  const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
  return paths.map((path) => {
    const inner = path.map(String);
    switch (metadata?.type) {
      case 'param':
        return ['path', ...(metadata.data ? [metadata.data] : []), ...inner].join('.');
      case 'query':
        return ['query', ...(metadata.data ? [metadata.data] : []), ...inner].join('.');
      default:
        return inner.length ? inner.join('.') : '(body)';
    }
  });
};

/**
 * Validates a request body, a path parameter or the query against a zod schema: 400 naming each bad field and its
 * rule. A path parameter is an id, and one of the wrong format names nothing: 404 like any unknown id, naming
 * `path.<name>` and the format it lacks.
 */
@Injectable()
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown, metadata?: ArgumentMetadata): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const errors = result.error.issues.flatMap((i) => fieldNames(i, metadata).map((field) => ({ field, message: i.message })));
    if (metadata?.type === 'param') throw new NotFoundException({ message: `No such resource: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, code: SMARTLIC_ERROR_CODES.NOT_FOUND, errors });
    throw new BadRequestException({ message: `Invalid request: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, code: SMARTLIC_ERROR_CODES.VALIDATION_FAILED, errors });
  }
}
