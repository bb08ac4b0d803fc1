import { type PipeTransform } from '@nestjs/common';
import type { ZodType } from 'zod';
import { fromZod } from './zod-issues';

/** Validates a body or query against a contracts schema; the handler gets the parsed value. */
export class ZodValidationPipe<T> implements PipeTransform<unknown, T> {
  constructor(
    private readonly schema: ZodType<T>,
    private readonly root = 'body',
  ) {}

  transform(value: unknown): T {
    const parsed = this.schema.safeParse(value);
    if (!parsed.success) throw fromZod(parsed.error, this.root);
    return parsed.data;
  }
}

export const validBody = <T>(schema: ZodType<T>) => new ZodValidationPipe(schema, 'body');
export const validQuery = <T>(schema: ZodType<T>) => new ZodValidationPipe(schema, 'query');
