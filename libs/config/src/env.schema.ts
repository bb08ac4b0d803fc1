import { creditsAmountSchema } from '@autowebiq/contracts';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

/** Every environment variable the platform reads, with its default. One schema for all apps. */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),

    HOST: z.string().default('127.0.0.1'),
    PORT: port.default(3000),
    REALTIME_PORT: port.default(3001),
    /** Internal /healthz + /metrics port of workers and billing; 0 picks a free one. */
    HEALTH_PORT: port.default(0),
    PUBLIC_URL: z.string().url().optional(),
    REALTIME_URL: z.string().url().optional(),
    /** Largest Socket.IO message a client may send; a bigger one closes that client's connection. */
    REALTIME_MAX_PAYLOAD_BYTES: positiveInt.default(16_384),
    REALTIME_PING_INTERVAL_MS: positiveInt.default(25_000),
    REALTIME_PING_TIMEOUT_MS: positiveInt.default(20_000),
    /** Subscribes one socket may send at once, and per second after that; more disconnects it. */
    REALTIME_SUBSCRIBE_BURST: positiveInt.default(20),
    REALTIME_SUBSCRIBE_PER_SECOND: positiveInt.default(5),
    /** Builds one socket may watch at the same time. */
    REALTIME_MAX_SUBSCRIPTIONS: positiveInt.default(100),
    /** Sockets one account may hold open on one realtime node; more are refused with connect_error "too_many_connections". */
    REALTIME_MAX_CONNECTIONS_PER_ACCOUNT: positiveInt.default(200),
    /** A socket whose unsent packets exceed this, or that has not drained for REALTIME_STALL_MS, stops getting live events until it drains. */
    REALTIME_MAX_PENDING_PACKETS: positiveInt.default(2000),
    REALTIME_STALL_MS: positiveInt.default(2000),
    /**
     * How long an API key's account is cached for handshakes, and how often open sockets' keys are checked again.
     * A revoke notice ends a key at once; one that was lost (Redis down at the time) at most this long.
     */
    REALTIME_AUTH_CACHE_SECONDS: positiveInt.default(30),

    DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/autowebiq'),
    DATABASE_POOL_SIZE: positiveInt.default(20),
    REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
    /** Namespace of every Redis key, so several platforms (or test runs) share one Redis. */
    REDIS_PREFIX: z
      .string()
      .regex(/^[a-z0-9_-]{1,32}$/)
      .default('awq'),

    ADMIN_TOKEN: z.string().min(16).optional(),

    LLM_PROVIDER: z.enum(['offline', 'openai']).default('offline'),
    OPENAI_BASE_URL: z.string().url().optional(),
    OPENAI_API_KEY: z.string().min(1).optional(),
    OPENAI_TIMEOUT_MS: positiveInt.default(60_000),
    OPENAI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
    /** Backoff before the first retry of a failed model call; doubles with each retry. */
    OPENAI_RETRY_BASE_MS: positiveInt.default(500),
    MODEL_PLANNER: z.string().min(1).optional(),
    MODEL_IMAGE: z.string().min(1).optional(),
    MODEL_FRONTEND: z.string().min(1).optional(),
    MODEL_TESTING: z.string().min(1).optional(),

    /** JSON price table used instead of the default one; one that cannot be read or is not a price table stops the gateway, naming it. */
    PRICE_TABLE_FILE: z.string().optional(),
    /** Tokens that cost one credit at multiplier 1.0; unset, the price table's (1000 by default). */
    TOKENS_PER_CREDIT: positiveInt.optional(),
    /** Tokens one generated image is billed as (times its model multiplier); unset, the price table's (1000 by default). */
    IMAGE_TOKEN_EQUIVALENT: positiveInt.optional(),
    /** JSON object of model → multiplier string (or whole entry), merged over the price table, e.g. {"gpt-5":"1.6"}; a bad one stops the gateway, naming it. */
    PRICE_MULTIPLIERS: z.string().optional(),
    /** JSON object of message key → text replacing the default texts agents and billing send, e.g. {"planner.analyzing":"Reading your brief..."}; keys and placeholders in libs/contracts/src/agent-messages.ts. Read when workers and billing start; an unknown key, a non-text or placeholders other than the default's stop them, naming the key. */
    AGENT_MESSAGES_FILE: z.string().optional(),

    REFUND_ON_PLATFORM_FAILURE: bool.default(true),
    HOLD_TTL_SECONDS: positiveInt.default(3600),
    SWEEP_INTERVAL_MS: positiveInt.default(30_000),
    WORKER_CONCURRENCY: positiveInt.default(4),
    /** BullMQ lock of a job in flight; a worker that dies is noticed (and its job re-run) after about this long. */
    JOB_LOCK_MS: positiveInt.default(30_000),
    /** Tries per agent job (the first included) before the build fails. */
    JOB_ATTEMPTS: positiveInt.default(3),
    /** First retry delay of a failed agent job; doubles with each retry. */
    JOB_BACKOFF_MS: positiveInt.default(2000),
    /** On SIGTERM a worker lets its jobs finish for this long, then hands them back to the queue. */
    SHUTDOWN_GRACE_MS: positiveInt.default(10_000),
    /** Per-build Redis keys (seq, replay stream) live this long after the build's last event. */
    BUILD_KEYS_TTL_SECONDS: positiveInt.default(7 * 24 * 3600),
    BILLING_BATCH_SIZE: positiveInt.default(5000),
    BILLING_BLOCK_MS: positiveInt.default(1000),
    /** Consumer name in group `billing`; unique per process (defaults to host and pid). */
    BILLING_CONSUMER_NAME: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,100}$/)
      .optional(),
    /** Usage entries pending this long with a silent billing instance are taken over by another (XAUTOCLAIM). */
    BILLING_CLAIM_IDLE_MS: positiveInt.default(30_000),
    /** Read the next usage batch while the current one is in its database transaction. */
    BILLING_PREFETCH: bool.default(true),
    /** Usage batches in their database transaction at once per billing process (they overlap parsing and I/O). */
    BILLING_CONCURRENCY: positiveInt.default(2),
    /** A build's live credits_update is sent at most this often while its usage is captured. */
    BILLING_CREDITS_UPDATE_MS: positiveInt.default(500),
    /** Cap on live credits_update events per second per billing process, whatever the number of running builds. */
    BILLING_CREDITS_UPDATES_PER_SECOND: positiveInt.default(1000),
    BILLING_SETTLE_CONCURRENCY: positiveInt.default(4),
    /** Settle waits this long for the build's reported usage to be captured, then retries the job later. */
    SETTLE_WAIT_MS: positiveInt.default(15_000),
    /** A build still queued this long without a BullMQ flow gets its flow added again by the sweeper. */
    QUEUED_REQUEUE_AFTER_MS: positiveInt.default(30_000),
    /** A build whose pipeline ended this long ago and is still not settled (its settle request was lost) gets it requested again by the sweeper; a few times SETTLE_WAIT_MS, so a settle still waiting for usage is left alone. */
    SETTLE_REQUEST_AFTER_MS: positiveInt.default(60_000),
    RATE_LIMIT_PER_MINUTE: positiveInt.default(1200),
    /** Largest request body the gateway reads; a bigger one is refused with 413 before it is parsed. */
    HTTP_BODY_LIMIT_BYTES: positiveInt.default(1_048_576),
    /** Signs site preview links; derived from ADMIN_TOKEN when unset (and random per process when both are). */
    PREVIEW_SECRET: z.string().min(16).optional(),
    PREVIEW_TTL_SECONDS: positiveInt.default(3600),
    /** Idempotency keys are kept at least this long (Stripe keeps them 24 h). */
    IDEMPOTENCY_TTL_HOURS: z.coerce.number().int().min(24).default(48),
    /** How long the gateway trusts a looked-up API key; a key whose revoke notice was lost works at most this long. */
    API_KEY_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
    /** The built Workspace SPA served at `/`; defaults to apps/web/dist of the checkout. */
    WEB_DIST_DIR: z.string().optional(),
    EVENTS_STREAM_MAXLEN: positiveInt.default(100_000),
    BUILD_EVENTS_MAXLEN: positiveInt.default(1000),
    /** Credits of the demo account `npm start` creates on its first run: 0 to 1,000,000,000 with at most 6 decimals, as `initial_credits` of POST /v1/accounts takes them (checked at boot, not when the launcher calls it). */
    DEMO_CREDITS: z.coerce.number().pipe(creditsAmountSchema).default(100),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.ADMIN_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_TOKEN'], message: 'is required in production' });
    }
    if (env.LLM_PROVIDER === 'openai' && !env.OPENAI_API_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['OPENAI_API_KEY'],
        message: 'is required when LLM_PROVIDER=openai',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;
