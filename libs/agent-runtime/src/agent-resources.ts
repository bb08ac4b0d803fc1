import { CancelFlag, createRedis, EventPublisher, SettleJobProducer, UsagePublisher } from '@autowebiq/bus';
import { loadAgentMessages, type Config } from '@autowebiq/config';
import type { AgentMessages, AgentType } from '@autowebiq/contracts';
import { createDataSource } from '@autowebiq/db';
import { createLlmProvider, type LlmProvider } from '@autowebiq/llm';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';

/**
 * The connections one agent worker process shares between its transport and its
 * handlers: one Redis connection (it waits out a Redis outage instead of failing
 * commands), one Postgres pool, one model provider and the texts its messages say.
 */
export class AgentResources {
  private constructor(
    readonly agent: AgentType,
    readonly config: Config,
    readonly redis: Redis,
    readonly dataSource: DataSource,
    readonly events: EventPublisher,
    readonly usage: UsagePublisher,
    readonly cancelFlag: CancelFlag,
    readonly settle: SettleJobProducer,
    readonly llm: LlmProvider,
    readonly messages: AgentMessages,
  ) {}

  static async create(agent: AgentType, config: Config): Promise<AgentResources> {
    // Before any connection: a bad AGENT_MESSAGES_FILE stops the worker at once.
    const messages = loadAgentMessages(config.AGENT_MESSAGES_FILE);
    const dataSource = await createDataSource({
      DATABASE_URL: config.DATABASE_URL,
      // A job holds at most one connection at a time; a spare one serves health checks.
      DATABASE_POOL_SIZE: Math.min(config.DATABASE_POOL_SIZE, config.WORKER_CONCURRENCY + 1),
      applicationName: `worker-${agent}:${process.pid}`,
    }).initialize();
    const redis = createRedis(config.REDIS_URL, { forWorker: true, name: `worker-${agent}:${process.pid}` });
    const prefix = config.REDIS_PREFIX;
    const ttl = config.BUILD_KEYS_TTL_SECONDS;
    return new AgentResources(
      agent,
      config,
      redis,
      dataSource,
      new EventPublisher(redis, {
        prefix,
        eventsMaxLen: config.EVENTS_STREAM_MAXLEN,
        buildEventsMaxLen: config.BUILD_EVENTS_MAXLEN,
        buildKeysTtlSeconds: ttl,
      }),
      new UsagePublisher(redis, { prefix, buildKeysTtlSeconds: ttl }),
      new CancelFlag(redis, { prefix, ttlSeconds: ttl }),
      new SettleJobProducer(redis, { prefix }),
      createLlmProvider({
        provider: config.LLM_PROVIDER,
        baseUrl: config.OPENAI_BASE_URL,
        apiKey: config.OPENAI_API_KEY,
        timeoutMs: config.OPENAI_TIMEOUT_MS,
        maxRetries: config.OPENAI_MAX_RETRIES,
        retryBaseDelayMs: config.OPENAI_RETRY_BASE_MS,
      }),
      messages,
    );
  }

  async healthy(): Promise<boolean> {
    await Promise.all([this.redis.ping(), this.dataSource.query('SELECT 1')]);
    return true;
  }

  async close(): Promise<void> {
    await this.settle.close().catch(() => undefined);
    await this.cancelFlag.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
