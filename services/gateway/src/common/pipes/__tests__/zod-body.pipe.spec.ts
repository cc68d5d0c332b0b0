import { BadRequestException, NotFoundException } from '@nestjs/common';
import { z } from 'zod';
import { ZodValidationPipe } from '../zod-body.pipe.js';

/** The fields the pipe names when it refuses `value` given as `type`. */
const refusedFields = (schema: z.ZodType, value: unknown, type: 'body' | 'query' | 'param', data?: string): string[] => {
  try {
    new ZodValidationPipe(schema).transform(value, { type, data });
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    const response = (error as BadRequestException).getResponse() as { code: string; errors: { field: string }[] };
    expect(response.code).toBe('VALIDATION_FAILED');
    return response.errors.map((e) => e.field);
  }
  throw new Error('the pipe accepted the value');
};

describe('ZodValidationPipe', () => {
  const query = z.object({ limit: z.coerce.number().int().min(1), sort: z.enum(['name', 'date']).optional() }).strict();

  it('passes a valid value through, parsed', () => {
    expect(new ZodValidationPipe(query).transform({ limit: '5' }, { type: 'query' })).toEqual({ limit: 5 });
  });

  it('names a query parameter query.<name>, unknown ones included', () => {
    expect(refusedFields(query, { limit: '0', sort: 'size', colour: 'red' }, 'query').sort()).toEqual(['query.colour', 'query.limit', 'query.sort']);
  });

  it('refuses a path parameter (an id) of the wrong format as not found, naming path.<name> and the format', () => {
    const refuse = () => new ZodValidationPipe(z.uuid({ error: 'must be a UUID' })).transform('no-such-sa', { type: 'param', data: 'id' });
    expect(refuse).toThrow(NotFoundException);
    expect(() => refuse()).toThrow('No such resource: path.id must be a UUID');
    try {
      refuse();
    } catch (error) {
      expect((error as NotFoundException).getResponse()).toMatchObject({ code: 'NOT_FOUND', errors: [{ field: 'path.id', message: 'must be a UUID' }] });
    }
  });

  it('names a body field by its path, and the body itself as (body)', () => {
    const body = z.object({ proxy: z.object({ port: z.number().max(65535) }) });
    expect(refusedFields(body, { proxy: { port: 70000 } }, 'body')).toEqual(['proxy.port']);
    expect(refusedFields(body, 'text', 'body')).toEqual(['(body)']);
  });
});
