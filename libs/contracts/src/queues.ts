/**
 * Queue and stream names. These strings are persisted inside Redis (queued jobs,
 * consumer groups): never rename a value, only add new ones.
 */
export enum QueueName {
  Planner = 'agent-planner',
  Image = 'agent-image',
  Frontend = 'agent-frontend',
  Testing = 'agent-testing',
  BillingSettle = 'billing-settle',
}

export enum StreamName {
  /** One entry per LLM call, consumed by billing (group `billing`). */
  Usage = 'usage',
  /** Every wire event of every build and account, read by each realtime node. */
  Events = 'events',
  /** Usage entries billing could not parse or price, with the reason. */
  UsageDeadLetter = 'usage-dead',
}

export const BILLING_CONSUMER_GROUP = 'billing';

/**
 * Redis key layout. Everything lives under one prefix; BullMQ's prefix carries a
 * hash tag so all queue keys share a slot, and per-build keys are hash-tagged by
 * build id, so the platform also runs on Redis Cluster.
 */
export const redisKeys = {
  bullPrefix: (prefix: string) => `{${prefix}}`,
  stream: (prefix: string, name: StreamName) => `${prefix}:${name}`,
  buildSeq: (prefix: string, buildId: string) => `${prefix}:build:{${buildId}}:seq`,
  buildEvents: (prefix: string, buildId: string) => `${prefix}:build:{${buildId}}:events`,
  buildCancel: (prefix: string, buildId: string) => `${prefix}:build:{${buildId}}:cancel`,
  buildUsageReported: (prefix: string, buildId: string) => `${prefix}:build:{${buildId}}:usage-reported`,
  /** Highest progress sent for the build, so a re-run after a crash never shows progress going back. */
  buildProgress: (prefix: string, buildId: string) => `${prefix}:build:{${buildId}}:progress`,
  /** Set when the build's final event (build_complete / build_failed) is published: its timeline is closed. */
  buildClosed: (prefix: string, buildId: string) => `${prefix}:build:{${buildId}}:closed`,
  /** Usage event ids of the build that billing dead-lettered: settle stops waiting for them. */
  buildUsageDead: (prefix: string, buildId: string) => `${prefix}:build:{${buildId}}:usage-dead`,
  /** Held while one billing process settles the build, so its final events are published once. */
  buildSettleLock: (prefix: string, buildId: string) => `${prefix}:build:{${buildId}}:settle-lock`,
  /** Held by the one billing instance running the periodic sweeps. */
  billingSweepLock: (prefix: string) => `${prefix}:billing:sweep-lock`,
  /** Pub/sub channel carrying the id of a build whose cancel flag was just set. */
  cancelChannel: (prefix: string) => `${prefix}:cancel`,
  /** Pub/sub channel carrying an `ApiKeyRevokedMessage` when a key is revoked, so every node drops it at once. */
  apiKeyRevokedChannel: (prefix: string) => `${prefix}:api-key-revoked`,
};
