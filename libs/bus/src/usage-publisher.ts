import {
  redisKeys,
  StreamName,
  usageEventSchema,
  type UsageEvent,
  type UsageEventInput,
} from '@autowebiq/contracts';
import type { Redis } from 'ioredis';

export interface UsagePublisherOptions {
  prefix: string;
  /** The set of a build's reported event ids expires this long after its last report. */
  buildKeysTtlSeconds: number;
}

/** Appends one metered LLM call to stream `usage` (never trimmed here: it is money billing has yet to read). */
export class UsagePublisher {
  constructor(
    private readonly redis: Redis,
    private readonly options: UsagePublisherOptions,
  ) {}

  async publish(input: UsageEventInput): Promise<UsageEvent> {
    const event = usageEventSchema.parse(input);
    const { prefix } = this.options;
    await this.redis.xadd(redisKeys.stream(prefix, StreamName.Usage), '*', 'data', JSON.stringify(event));
    // Recorded after the append: settle waits for every id in this set, so an id must never be in it
    // without its entry being in the stream. Another slot than the stream, hence a second command.
    const reported = redisKeys.buildUsageReported(prefix, event.build_id);
    await this.redis
      .multi()
      .sadd(reported, event.event_id)
      .expire(reported, this.options.buildKeysTtlSeconds)
      .exec();
    return event;
  }
}
