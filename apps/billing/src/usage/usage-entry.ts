import type { StreamEntry } from '@autowebiq/bus';
import { AGENT_TYPES, usageEventId, usageEventSchema, type UsageEvent } from '@autowebiq/contracts';

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
  const event = wellFormed(json);
  return event ? { ok: true, entryId, event } : checkWithSchema(entryId, json);
}

/**
 * The contract's schema and the checks beyond it, with a reason for each refusal: the rule
 * `parseUsageEntry` applies (its fast path accepts a subset of what this accepts, the same way).
 */
export function checkWithSchema(entryId: string, json: unknown): ParsedEntry {
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

/**
 * A lowercase RFC 9562 UUID: narrower than the schema's `uuid()` (which also takes upper case and the
 * nil and max UUIDs), so whatever passes here passes there; the rest goes through the schema.
 */
const LOWER_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const AGENTS = new Set<string>(AGENT_TYPES);
const int4 = (v: unknown, min: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= INT4_MAX;

/**
 * The event every well-behaved producer writes, recognised without the schema library: on a
 * busy stream its per-entry allocations were billing's largest CPU cost after the database.
 * Accepts only what `checkWithSchema` accepts too, with the same fields; anything else (an
 * odd but valid event, or an invalid one) goes through the schema, which explains refusals.
 * Keys the schema does not know are left on the object and never read (the schema drops them).
 */
function wellFormed(json: unknown): UsageEvent | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const e = json as Record<string, unknown>;
  const images = e.images === undefined ? 0 : e.images;
  const ok =
    typeof e.build_id === 'string' &&
    LOWER_UUID.test(e.build_id) &&
    typeof e.account_id === 'string' &&
    LOWER_UUID.test(e.account_id) &&
    typeof e.agent === 'string' &&
    AGENTS.has(e.agent) &&
    typeof e.model === 'string' &&
    e.model.length >= 1 &&
    e.model.length <= 100 &&
    int4(e.attempt, 1) &&
    int4(e.call_index, 0) &&
    int4(e.input_tokens, 0) &&
    int4(e.output_tokens, 0) &&
    int4(images, 0) &&
    int4(e.duration_ms, 0) &&
    typeof e.ts === 'string' &&
    !Number.isNaN(Date.parse(e.ts)) &&
    // With the build id a lowercase UUID and the agent known, this also satisfies the schema's pattern.
    isEventId(e.event_id, e.build_id, e.agent, e.attempt, e.call_index);
  if (!ok) return undefined;
  e.images = images;
  return e as UsageEvent;
}

/** `id === usageEventId(buildId, agent, attempt, callIndex)`, without building the string (one per event). */
function isEventId(id: unknown, buildId: string, agent: string, attempt: number, callIndex: number): boolean {
  if (typeof id !== 'string' || !id.startsWith(buildId) || id.charCodeAt(buildId.length) !== COLON)
    return false;
  const agentAt = buildId.length + 1;
  if (!id.startsWith(agent, agentAt) || id.charCodeAt(agentAt + agent.length) !== COLON) return false;
  const callAt = digitsEqual(id, agentAt + agent.length + 1, attempt);
  return (
    callAt > 0 && id.charCodeAt(callAt) === COLON && digitsEqual(id, callAt + 1, callIndex) === id.length
  );
}

const COLON = 58;
const ZERO = 48;

/**
 * Where the decimal digits of `s` starting at `from` end, if they are exactly `String(n)` (no sign,
 * no leading zero; `n` a non-negative integer below 2^31); else -1.
 */
function digitsEqual(s: string, from: number, n: number): number {
  let value = 0;
  let at = from;
  for (; at < s.length; at++) {
    const d = s.charCodeAt(at) - ZERO;
    if (d < 0 || d > 9) break;
    if (at > from && value === 0) return -1; // a leading zero
    value = value * 10 + d;
    if (value > n) return -1;
  }
  return at > from && value === n ? at : -1;
}
