import {
  redisKeys,
  StreamName,
  wireEventSchema,
  type BuildEvent,
  type CreditsUpdateEvent,
  type EventStreamEntry,
  type WireEvent,
} from '@autowebiq/contracts';
import type { Redis } from 'ioredis';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A build's event as its producer writes it: the publisher adds `build_id`, `seq` and (unless given) `ts`. */
export type BuildEventInput = DistributiveOmit<WireEvent, 'build_id' | 'seq' | 'ts'> & { ts?: string };
export type AgentMessageInput = Extract<BuildEventInput, { type: 'agent_message' }>;
/** An account-level event (a grant, a top-up): no build, no seq. */
export type AccountEventInput = Omit<CreditsUpdateEvent, 'build_id' | 'seq' | 'ts'> & { ts?: string };

export interface EventPublisherOptions {
  prefix: string;
  /** Cap of the global `events` stream (approximate trimming). */
  eventsMaxLen: number;
  /** Cap of a build's own replay stream. */
  buildEventsMaxLen: number;
  /** Per-build keys expire this long after the build's last event. */
  buildKeysTtlSeconds: number;
}

/**
 * Assigns the next seq and appends to the build's stream in one script, so seq
 * is gap-free and in stream order however many processes publish for a build.
 * `agent_message` progress is raised to the build's high-water mark in the same
 * step: a job re-run after a crash repeats progress values but never lowers them.
 * The JSON is assembled around seq and progress so the payload is stored exactly
 * as serialised here (Lua's cjson would rewrite numbers).
 * A final event (build_complete / build_failed) closes the timeline; a publish that asks for an open one
 * is then refused (nil), so nothing can follow the final event.
 * KEYS: seq, build stream, progress, closed. ARGV: maxlen, ttl, account, build, progress|'', rest-of-json,
 * 'close' | 'if-open' | ''.
 */
const PUBLISH_BUILD_EVENT = `
if ARGV[7] == 'if-open' and redis.call('EXISTS', KEYS[4]) == 1 then return false end
local seq = redis.call('INCR', KEYS[1])
local head = '{"seq":' .. seq .. ','
local progress = ARGV[5]
if progress ~= '' then
  local high = tonumber(redis.call('GET', KEYS[3]) or '0')
  local p = tonumber(progress)
  if p < high then p = high else redis.call('SET', KEYS[3], p) end
  progress = tostring(p)
  head = head .. '"progress":' .. progress .. ','
end
local data = head .. ARGV[6]
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], '*', 'account_id', ARGV[3], 'build_id', ARGV[4], 'seq', seq, 'data', data)
local ttl = tonumber(ARGV[2])
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('EXPIRE', KEYS[2], ttl)
if progress ~= '' then redis.call('EXPIRE', KEYS[3], ttl) end
if ARGV[7] == 'close' then redis.call('SET', KEYS[4], seq, 'EX', ttl) end
return {seq, data}
`;

type PublishResult = [number, string] | null;

const FINAL_EVENTS = new Set<BuildEventInput['type']>(['build_complete', 'build_failed']);

/** Publishes wire events: to the build's capped replay stream (with seq) and to the global `events` stream. */
export class EventPublisher {
  constructor(
    private readonly redis: Redis,
    private readonly options: EventPublisherOptions,
  ) {
    redis.defineCommand('awqPublishBuildEvent', { numberOfKeys: 4, lua: PUBLISH_BUILD_EVENT });
  }

  async publishBuildEvent(accountId: string, buildId: string, input: BuildEventInput): Promise<BuildEvent> {
    // Only an 'if-open' publish can be refused.
    return (await this.publish(accountId, buildId, input, FINAL_EVENTS.has(input.type) ? 'close' : ''))!;
  }

  /**
   * Publishes unless the build's final event is out; null when refused. For producers that can outlive the
   * build: a worker frozen past its job's lock, thawed after another worker finished the job and the build.
   */
  publishWhileOpen(accountId: string, buildId: string, input: BuildEventInput): Promise<BuildEvent | null> {
    return this.publish(accountId, buildId, input, 'if-open');
  }

  private async publish(
    accountId: string,
    buildId: string,
    input: BuildEventInput,
    mode: 'close' | 'if-open' | '',
  ): Promise<BuildEvent | null> {
    const ts = input.ts ?? new Date().toISOString();
    // seq 1 stands in for the one the script assigns: the schema only needs a positive integer.
    wireEventSchema.parse({ ...input, build_id: buildId, seq: 1, ts });
    const { progress, ...rest } = { ...input, build_id: buildId, ts } as Record<string, unknown>;
    const restJson = JSON.stringify(rest).slice(1);
    const { prefix } = this.options;
    const result = await (
      this.redis as Redis & { awqPublishBuildEvent: (...args: (string | number)[]) => Promise<PublishResult> }
    ).awqPublishBuildEvent(
      redisKeys.buildSeq(prefix, buildId),
      redisKeys.buildEvents(prefix, buildId),
      redisKeys.buildProgress(prefix, buildId),
      redisKeys.buildClosed(prefix, buildId),
      this.options.buildEventsMaxLen,
      this.options.buildKeysTtlSeconds,
      accountId,
      buildId,
      input.type === 'agent_message' ? String(progress) : '',
      restJson,
      mode,
    );
    if (!result) return null;
    const [seq, data] = result;
    // A separate command, because the global stream lives in another Redis Cluster slot than the build's keys.
    await this.appendGlobal({ account_id: accountId, build_id: buildId, seq: Number(seq), data });
    return JSON.parse(data) as BuildEvent;
  }

  async publishAccountEvent(accountId: string, input: AccountEventInput): Promise<CreditsUpdateEvent> {
    const event = { ...input, ts: input.ts ?? new Date().toISOString() };
    const parsed = wireEventSchema.parse(event);
    if (parsed.type !== 'credits_update')
      throw new Error('Only credits_update can be an account-level event');
    const data = JSON.stringify(event);
    await this.appendGlobal({ account_id: accountId, build_id: '', seq: 0, data });
    return event;
  }

  private async appendGlobal(entry: EventStreamEntry): Promise<void> {
    await this.redis.xadd(
      redisKeys.stream(this.options.prefix, StreamName.Events),
      'MAXLEN',
      '~',
      this.options.eventsMaxLen,
      '*',
      'account_id',
      entry.account_id,
      'build_id',
      entry.build_id,
      'seq',
      entry.seq,
      'data',
      entry.data,
    );
  }
}
