import type { Redis } from 'ioredis';

/** One stream entry with its fields as a plain object (`XADD key * data {...}` → `{ data: '{...}' }`). */
export interface StreamEntry {
  id: string;
  fields: Record<string, string>;
}

/** An entry that cannot be processed, and why: it goes to the dead-letter stream and is acknowledged. */
export interface DeadLetter {
  id: string;
  reason: string;
}

type RawEntry = [id: string, fields: string[] | null];

function toEntry([id, flat]: RawEntry): StreamEntry | null {
  // A pending entry that was trimmed or deleted comes back with null fields.
  if (!flat) return null;
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]] = flat[i + 1];
  return { id, fields };
}

function splitEntries(raw: RawEntry[]): { entries: StreamEntry[]; deletedIds: string[] } {
  const entries: StreamEntry[] = [];
  const deletedIds: string[] = [];
  for (const r of raw) {
    const entry = toEntry(r);
    if (entry) entries.push(entry);
    else deletedIds.push(r[0]);
  }
  return { entries, deletedIds };
}

/** Creates the consumer group (and the stream) unless it exists; new groups start at the stream's beginning. */
export async function ensureGroup(redis: Redis, stream: string, group: string, startId = '0'): Promise<void> {
  try {
    await redis.xgroup('CREATE', stream, group, startId, 'MKSTREAM');
  } catch (e) {
    if (!/BUSYGROUP/.test((e as Error).message)) throw e;
  }
}

export interface ReadGroupOptions {
  stream: string;
  group: string;
  consumer: string;
  count: number;
  /** Wait this long for new entries; omit to return at once. */
  blockMs?: number;
  /** `>` for entries never delivered to anyone; `0` for this consumer's own pending entries. */
  from?: '>' | '0';
}

export interface ReadResult {
  entries: StreamEntry[];
  /** Pending ids whose entries no longer exist: nothing to process, only to acknowledge. */
  deletedIds: string[];
}

/** One XREADGROUP of up to `count` entries. */
export async function readGroup(redis: Redis, o: ReadGroupOptions): Promise<ReadResult> {
  const block: (string | number)[] = o.blockMs === undefined ? [] : ['BLOCK', o.blockMs];
  const reply = (await (redis.xreadgroup as (...args: (string | number)[]) => Promise<unknown>)(
    'GROUP',
    o.group,
    o.consumer,
    'COUNT',
    o.count,
    ...block,
    'STREAMS',
    o.stream,
    o.from ?? '>',
  )) as [string, RawEntry[]][] | null;
  if (!reply || reply.length === 0) return { entries: [], deletedIds: [] };
  return splitEntries(reply[0][1]);
}

export interface AutoClaimOptions {
  stream: string;
  group: string;
  consumer: string;
  /** Only entries nobody has touched for this long are taken: their consumer is presumed dead. */
  minIdleMs: number;
  count: number;
  /** Cursor from the previous call; `0-0` starts over. */
  start?: string;
}

export interface AutoClaimResult extends ReadResult {
  /** Cursor for the next call; `0-0` when the whole pending list was scanned. */
  next: string;
}

/** Takes over entries a dead consumer left pending (XAUTOCLAIM); they are now this consumer's to process. */
export async function autoClaim(redis: Redis, o: AutoClaimOptions): Promise<AutoClaimResult> {
  const reply = (await redis.xautoclaim(
    o.stream,
    o.group,
    o.consumer,
    o.minIdleMs,
    o.start ?? '0-0',
    'COUNT',
    o.count,
  )) as [string, RawEntry[], string[]?];
  const { entries, deletedIds } = splitEntries(reply[1]);
  return { next: reply[0], entries, deletedIds: [...deletedIds, ...(reply[2] ?? [])] };
}

export interface AckOptions {
  stream: string;
  group: string;
  ids: string[];
  /** Where dead letters go, with the reason, the original fields and the consumer that gave up on them. */
  deadLetterStream?: string;
  deadLetters?: DeadLetter[];
  entries?: ReadonlyMap<string, StreamEntry>;
  consumer?: string;
  deadLetterMaxLen?: number;
}

/**
 * Acknowledges a processed batch. Dead letters are appended in the same MULTI as the
 * XACK, so an entry is never acknowledged without its dead letter having been written.
 */
export async function ackBatch(redis: Redis, o: AckOptions): Promise<void> {
  if (o.ids.length === 0) return;
  const multi = redis.multi();
  for (const d of o.deadLetters ?? []) {
    if (!o.deadLetterStream) throw new Error('ackBatch: dead letters need a deadLetterStream');
    multi.xadd(
      o.deadLetterStream,
      'MAXLEN',
      '~',
      o.deadLetterMaxLen ?? 100_000,
      '*',
      'source_stream',
      o.stream,
      'source_id',
      d.id,
      'reason',
      d.reason,
      'consumer',
      o.consumer ?? '',
      'failed_at',
      new Date().toISOString(),
      'fields',
      JSON.stringify(o.entries?.get(d.id)?.fields ?? {}),
    );
  }
  multi.xack(o.stream, o.group, ...o.ids);
  const results = await multi.exec();
  const failed = results?.find(([error]) => error);
  if (!results || failed) throw failed?.[0] ?? new Error('ackBatch: MULTI was discarded');
}

export interface ConsumerInfo {
  name: string;
  pending: number;
  idleMs: number;
}

export async function listConsumers(redis: Redis, stream: string, group: string): Promise<ConsumerInfo[]> {
  const rows = (await redis.xinfo('CONSUMERS', stream, group)) as (string | number)[][];
  return rows.map((flat) => {
    const info: Record<string, string | number> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) info[String(flat[i])] = flat[i + 1];
    return { name: String(info.name), pending: Number(info.pending), idleMs: Number(info.idle) };
  });
}

/**
 * Forgets consumers that have been silent for `idleMs` and hold nothing pending (a
 * restarted process comes back under a new name), so XINFO stays readable.
 * Consumers with pending entries are kept: XAUTOCLAIM empties them first.
 */
export async function pruneIdleConsumers(
  redis: Redis,
  stream: string,
  group: string,
  idleMs: number,
  keep: string,
): Promise<string[]> {
  const gone = (await listConsumers(redis, stream, group)).filter(
    (c) => c.name !== keep && c.pending === 0 && c.idleMs >= idleMs,
  );
  for (const c of gone) await redis.xgroup('DELCONSUMER', stream, group, c.name);
  return gone.map((c) => c.name);
}

/** Entries delivered to the group but not yet acknowledged. */
export async function pendingCount(redis: Redis, stream: string, group: string): Promise<number> {
  const summary = (await redis.xpending(stream, group)) as [number, ...unknown[]];
  return Number(summary[0]);
}
