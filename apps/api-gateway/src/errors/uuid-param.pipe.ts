import type { PipeTransform } from '@nestjs/common';
import { notFound } from './api-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id that is not a UUID names nothing that exists: 404, like an id of another account. */
export class UuidParamPipe implements PipeTransform<string, string> {
  constructor(private readonly what: string) {}

  transform(value: string): string {
    if (typeof value !== 'string' || !UUID.test(value)) throw notFound(this.what);
    return value.toLowerCase();
  }
}

export const isUuid = (value: string) => UUID.test(value);
