import type { StreamEntry } from '@autowebiq/bus';
import { usageEventId, usageEventSchema, type UsageEvent } from '@autowebiq/contracts';

export type ParsedEntry =
  | { ok: true; entryId: string; event: UsageEvent }
  | { ok: false; entryId: string; reason: string; buildId?: string; eventId?: string };

/** usage_events' int columns: a bigger value would fail the whole batch's INSERT, so it is refused here. */
const INT4_MAX = 2_147_483_647;
const INT_FIELDS = [
  'attempt',
  'call_index',
  'input_tokens',
  'output_tokens',
  'images',
  'duration_ms',
] as const;

/**
 * Turns one `usage` stream entry into a usage event, or says why it cannot be billed.
 * Everything the batch's INSERT could choke on is checked here, so one bad entry
 * is dead-lettered alone instead of failing (and endlessly re-reading) its batch.
 */
export function parseUsageEntry(entry: StreamEntry): ParsedEntry {
  const entryId = entry.id;
  const raw = entry.fields.data;
  if (raw === undefined) return { ok: false, entryId, reason: 'no data field' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, entryId, reason: 'data is not JSON' };
  }
  const ids = json && typeof json === 'object' ? (json as Record<string, unknown>) : {};
  const known = {
    buildId: typeof ids.build_id === 'string' ? ids.build_id : undefined,
    eventId: typeof ids.event_id === 'string' ? ids.event_id : undefined,
  };
  const parsed = usageEventSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { ok: false, entryId, reason: `schema: ${issues}`.slice(0, 1000), ...known };
  }
  const event = parsed.data;
  const tooBig = INT_FIELDS.find((f) => event[f] > INT4_MAX);
  if (tooBig) return { ok: false, entryId, reason: `${tooBig} out of range`, ...known };
  if (Number.isNaN(Date.parse(event.ts)))
    return { ok: false, entryId, reason: 'ts is not a timestamp', ...known };
  if (event.event_id !== usageEventId(event.build_id, event.agent, event.attempt, event.call_index)) {
    return {
      ok: false,
      entryId,
      reason: 'event_id does not match build_id:agent:attempt:call_index',
      ...known,
    };
  }
  return { ok: true, entryId, event };
}
