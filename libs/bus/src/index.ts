export { createRedis, type CreateRedisOptions } from './redis';
export {
  EventPublisher,
  type EventPublisherOptions,
  type BuildEventInput,
  type AgentMessageInput,
  type AccountEventInput,
} from './event-publisher';
export { UsagePublisher, type UsagePublisherOptions } from './usage-publisher';
export {
  CancelFlag,
  BuildCancelledError,
  type CancelReason,
  type CancelWatch,
  type CancelFlagOptions,
} from './cancel-flag';
export { ApiKeyRevocations } from './api-key-revocations';
export {
  BuildFlowProducer,
  SettleJobProducer,
  AGENT_QUEUES,
  type BuildFlowProducerOptions,
} from './build-flow-producer';
export {
  BullMqServer,
  WorkerShutdownError,
  type BullMqServerOptions,
  type BullMqServerEvents,
} from './bullmq/bullmq-server';
export { BullMqContext } from './bullmq/bullmq-context';
export { KeepRpcErrorsFilter } from './bullmq/keep-rpc-errors.filter';
export { exitAfterGrace } from './health/exit-after-grace';
export { startHealthServer, type HealthServer, type HealthServerOptions } from './health/health-server';
export {
  RedisStreamsServer,
  type RedisStreamsServerOptions,
  type RedisStreamsServerEvents,
  type StreamBatchResult,
} from './streams/redis-streams-server';
export { RedisStreamsContext } from './streams/redis-streams-context';
export { listConsumers, pendingCount, type StreamEntry, type DeadLetter } from './streams/stream-ops';
export { parseEventEntry, appendedAtMs, BadEventEntry, type EventEntry } from './timeline/event-entry';
export { readBuildTimeline, type BuildTimeline, type TimelineArchive } from './timeline/build-timeline';
