import {
  BullMqServer,
  KeepRpcErrorsFilter,
  RedisStreamsServer,
  startHealthServer,
  type HealthServer,
} from '@autowebiq/bus';
import { loadAgentMessages, nestLogLevels, type Config } from '@autowebiq/config';
import { BILLING_CONSUMER_GROUP, QueueName, redisKeys, StreamName } from '@autowebiq/contracts';
import type { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BillingResources } from './billing-resources';
import { SettleModule } from './settle/settle.module';
import { UsageModule } from './usage/usage.module';

export interface BillingApp {
  resources: BillingResources;
  /** The `usage` transport, for its `batch` and `failed` events. */
  streams: RedisStreamsServer;
  usage: INestMicroservice;
  settle: INestMicroservice;
  health: HealthServer;
  close(): Promise<void>;
}

/**
 * Billing is two NestJS microservices over one set of connections: the `usage`
 * stream on the Redis Streams transport and the `billing-settle` queue on the
 * BullMQ transport, plus the internal /healthz and /metrics port.
 */
export async function startBilling(config: Config): Promise<BillingApp> {
  // Before any connection: a bad AGENT_MESSAGES_FILE stops billing at once.
  const messages = loadAgentMessages(config.AGENT_MESSAGES_FILE);
  const resources = await BillingResources.create(config);
  const prefix = config.REDIS_PREFIX;
  const logger = nestLogLevels(config.LOG_LEVEL);

  const streams = new RedisStreamsServer({
    redisUrl: config.REDIS_URL,
    stream: redisKeys.stream(prefix, StreamName.Usage),
    pattern: StreamName.Usage,
    group: BILLING_CONSUMER_GROUP,
    consumer: resources.consumerName,
    batchSize: config.BILLING_BATCH_SIZE,
    blockMs: config.BILLING_BLOCK_MS,
    claimIdleMs: config.BILLING_CLAIM_IDLE_MS,
    deadLetterStream: redisKeys.stream(prefix, StreamName.UsageDeadLetter),
    prefetch: config.BILLING_PREFETCH,
    concurrency: config.BILLING_CONCURRENCY,
  });
  const usage = await NestFactory.createMicroservice(UsageModule.register(resources, messages), {
    strategy: streams,
    logger,
  });
  usage.useGlobalFilters(new KeepRpcErrorsFilter());

  const queue = new BullMqServer({
    redisUrl: config.REDIS_URL,
    prefix,
    queue: QueueName.BillingSettle,
    concurrency: config.BILLING_SETTLE_CONCURRENCY,
    lockDurationMs: config.JOB_LOCK_MS,
    shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
  });
  const settle = await NestFactory.createMicroservice(SettleModule.register(resources, messages), {
    strategy: queue,
    logger,
  });
  settle.useGlobalFilters(new KeepRpcErrorsFilter());

  await Promise.all([usage.listen(), settle.listen()]);
  const health = await startHealthServer({
    service: 'billing',
    port: config.HEALTH_PORT,
    host: config.HOST,
    check: () =>
      Promise.all([resources.redis.ping(), resources.dataSource.query('SELECT 1')]).then(() => true),
  });

  let closing: Promise<void> | undefined;
  return {
    resources,
    streams,
    usage,
    settle,
    health,
    close: () =>
      (closing ??= (async () => {
        // Stop taking work first, let what is in flight finish, then drop the connections it used.
        health.stopping();
        await Promise.all([usage.close(), settle.close()]);
        await health.close();
        await resources.close();
      })()),
  };
}
