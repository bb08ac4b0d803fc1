import { wireEventSchema, type EventStreamEntry, type WireEvent } from '@autowebiq/contracts';

/** One entry of stream `events` or of a build's stream, checked against the wire contract. */
export interface EventEntry {
  /** Redis stream id `<ms>-<n>`; the ms part is when the entry was appended. */
  id: string;
  accountId: string;
  /** Empty for account-level events. */
  buildId: string;
  /** 0 for account-level events. */
  seq: number;
  event: WireEvent;
}

export class BadEventEntry extends Error {
  override name = 'BadEventEntry';
}

/** Turns XREAD/XRANGE's flat `[field, value, …]` list into an entry; throws BadEventEntry when it breaks the contract. */
export function parseEventEntry(id: string, fields: string[]): EventEntry {
  const raw: Partial<Record<keyof EventStreamEntry, string>> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) raw[fields[i] as keyof EventStreamEntry] = fields[i + 1];
  if (!raw.account_id || raw.data === undefined)
    throw new BadEventEntry(`entry ${id} lacks account_id or data`);
  let json: unknown;
  try {
    json = JSON.parse(raw.data);
  } catch {
    throw new BadEventEntry(`entry ${id} data is not JSON`);
  }
  const parsed = wireEventSchema.safeParse(json);
  if (!parsed.success)
    throw new BadEventEntry(`entry ${id} data is not a wire event: ${parsed.error.message}`);
  const buildId = raw.build_id ?? '';
  const seq = Number(raw.seq ?? 0);
  const event = parsed.data;
  if (buildId && (event.build_id !== buildId || event.seq !== seq)) {
    throw new BadEventEntry(`entry ${id} fields disagree with its data (build ${buildId} seq ${seq})`);
  }
  return { id, accountId: raw.account_id, buildId, seq, event };
}

/** Milliseconds since the epoch at which Redis appended the entry. */
export const appendedAtMs = (id: string): number => Number(id.slice(0, id.indexOf('-')));
