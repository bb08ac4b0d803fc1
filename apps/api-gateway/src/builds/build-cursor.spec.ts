import { randomUUID } from 'node:crypto';
import { decodeCursor, encodeCursor } from './build-cursor';
import type { BuildRow } from './build-view';

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('builds cursor', () => {
  it('reads back what it wrote', () => {
    const id = randomUUID();
    const row = { id, created_at_exact: '2026-12-05T01:02:03.456789Z' } as BuildRow;
    expect(decodeCursor(encodeCursor(row))).toEqual({ createdAt: '2026-12-05T01:02:03.456789Z', id });
  });

  it.each([
    ['not base64 JSON', '!!!'],
    ['an impossible date', cursorOf(['2024-13-45T99:99:99.000000Z', randomUUID()])],
    ['February 30th', cursorOf(['2025-02-30T00:00:00.000000Z', randomUUID()])],
    ['year 0', cursorOf(['0000-01-01T00:00:00.000000Z', randomUUID()])],
    ['an id that is no uuid', cursorOf(['2026-12-05T01:02:03.456789Z', '-'.repeat(36)])],
    ['a third element', cursorOf(['2026-12-05T01:02:03.456789Z', randomUUID(), 1])],
  ])('refuses %s as a 400 naming cursor', (_, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(
      expect.objectContaining({
        status: 400,
        details: { fields: [expect.objectContaining({ field: 'cursor' })] },
      }),
    );
  });
});
