import { z } from 'zod';
import { invalidFields } from '../errors/api-error';
import { isUuid } from '../errors/uuid-param.pipe';
import type { BuildRow } from './build-view';

/** `GET /v1/builds` pages: the cursor is the last row's (created_at, id), newest first. */
export function encodeCursor(row: BuildRow): string {
  return Buffer.from(JSON.stringify([row.created_at_exact, row.id])).toString('base64url');
}

/**
 * What encodeCursor writes: created_at in UTC to the µs, as BUILD_COLUMNS' to_char gives it, and the build id.
 * Checked as strictly as Postgres will read them (a real calendar day, no year 0, a uuid), so a crafted cursor
 * is a 400 naming `cursor` rather than a data exception from the query.
 */
const cursorSchema = z.tuple([
  z.iso.datetime({ precision: 6 }).refine((at) => !at.startsWith('0000-'), 'there is no year 0'),
  z.string().refine(isUuid),
]);

export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // Reported below.
  }
  const parsed = cursorSchema.safeParse(decoded);
  if (!parsed.success)
    throw invalidFields([{ field: 'cursor', message: 'must be the next_cursor of a previous page' }]);
  const [createdAt, id] = parsed.data;
  return { createdAt, id };
}
