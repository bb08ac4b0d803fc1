import type { SchemaObject } from '@nestjs/swagger';
import { z, type ZodType } from 'zod';

/** A contracts zod schema as an OpenAPI 3.0 schema, so /openapi.json documents exactly what is validated. */
export const openApiSchema = (schema: ZodType): SchemaObject =>
  z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input' }) as SchemaObject;

export const IDEMPOTENCY_HEADER_DOC = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Makes the call safe to retry: the same key with the same body replays the first answer (header idempotent-replayed: true), ' +
    'another body is 409 idempotency_conflict, a first request still running is 409 idempotency_in_progress. Keys live at least 24 h.',
};
