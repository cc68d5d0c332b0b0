import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/** Validates a request body (or query) against a zod schema: 400 naming each bad field and its rule. */
@Injectable()
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const errors = result.error.issues.map((i) => ({ field: i.path.length ? i.path.join('.') : '(body)', message: i.message }));
    throw new BadRequestException({ message: `Invalid request: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, code: 'VALIDATION_FAILED', errors });
  }
}
