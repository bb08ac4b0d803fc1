import { z } from 'zod';
import { agentStatusSchema, messageAgentTypeSchema } from './agents';
import { tokenUsageSchema } from './builds';

const micro = z.string().regex(/^-?\d+$/);
const base = { ts: z.string() };
const ofBuild = { build_id: z.string().uuid(), seq: z.number().int().positive(), ...base };

export const agentMessageEventSchema = z.object({
  type: z.literal('agent_message'),
  ...ofBuild,
  agent_type: messageAgentTypeSchema,
  message: z.string(),
  status: agentStatusSchema,
  progress: z.number().int().min(0).max(100),
  tokens_used: z.number().int().nonnegative(),
  credits_used: z.number().nonnegative(),
  details: z.array(z.string()).optional(),
});
export type AgentMessageEvent = z.infer<typeof agentMessageEventSchema>;

export const CREDIT_OPERATIONS = [
  'website_generation',
  'usage',
  'refund',
  'grant',
  'adjustment',
  'expiry',
] as const;
export const creditOperationSchema = z.enum(CREDIT_OPERATIONS);
export type CreditOperation = z.infer<typeof creditOperationSchema>;

export const creditsUpdateEventSchema = z.object({
  type: z.literal('credits_update'),
  build_id: z.string().uuid().optional(),
  seq: z.number().int().positive().optional(),
  ...base,
  /** Spendable now (the wallet). */
  credits: z.number(),
  /** Reserved by running builds. */
  held: z.number(),
  total: z.number(),
  credits_micro: micro,
  held_micro: micro,
  total_micro: micro,
  build_spent: z.number().optional(),
  build_reserved: z.number().optional(),
  build_spent_micro: micro.optional(),
  build_reserved_micro: micro.optional(),
  transaction: z.object({ amount: z.number(), amount_micro: micro, operation: creditOperationSchema }),
});
export type CreditsUpdateEvent = z.infer<typeof creditsUpdateEventSchema>;

export const buildCompleteEventSchema = z.object({
  type: z.literal('build_complete'),
  ...ofBuild,
  duration_s: z.number().nonnegative(),
  site_url: z.string(),
  result: z.object({
    token_usage: tokenUsageSchema,
    /** The estimate shown before the build, beside what it cost. */
    estimate: z.object({ low: z.number(), expected: z.number(), high: z.number() }).optional(),
  }),
});
export type BuildCompleteEvent = z.infer<typeof buildCompleteEventSchema>;

export const buildFailedEventSchema = z.object({
  type: z.literal('build_failed'),
  ...ofBuild,
  reason: z.string(),
  /** Credits given back to the wallet at settle. */
  refunded: z.number().nonnegative(),
  refunded_micro: micro,
  status: z.enum(['failed', 'cancelled', 'over_budget']),
});
export type BuildFailedEvent = z.infer<typeof buildFailedEventSchema>;

export const wireEventSchema = z.discriminatedUnion('type', [
  agentMessageEventSchema,
  creditsUpdateEventSchema,
  buildCompleteEventSchema,
  buildFailedEventSchema,
]);
export type WireEvent = z.infer<typeof wireEventSchema>;
/** An event of one build: it has a build id and a per-build seq. */
export type BuildEvent = WireEvent & { build_id: string; seq: number };

/** Fields of an entry in stream `events` (and in a build's own stream). */
export interface EventStreamEntry {
  account_id: string;
  /** Empty for account-level events (a grant). */
  build_id: string;
  /** 0 for account-level events. */
  seq: number;
  data: string;
}

/**
 * Published by the gateway on `redisKeys.apiKeyRevokedChannel` after a revoke commits. It names the key
 * (id and stored hash, never the secret) so every gateway drops it from its cache and every realtime node
 * also closes the sockets opened with it.
 */
export const apiKeyRevokedMessageSchema = z.object({
  key_id: z.string().uuid(),
  key_hash: z.string().regex(/^[0-9a-f]{64}$/),
  account_id: z.string().uuid(),
});
export type ApiKeyRevokedMessage = z.infer<typeof apiKeyRevokedMessageSchema>;

export const subscribeRequestSchema = z.object({
  build_id: z.string().uuid(),
  after_seq: z.number().int().nonnegative().optional(),
});
export type SubscribeRequest = z.infer<typeof subscribeRequestSchema>;

export type SubscribeAck =
  | { ok: true; replayed: number }
  | {
      ok: false;
      error: { code: 'not_found' | 'bad_request' | 'rate_limited' | 'internal'; message: string };
    };

/**
 * Sent to an open socket just before the server closes it because the key it connected with no longer
 * works; the same `unauthorized` a handshake with that key now gets, with the reason as the code.
 */
export interface UnauthorizedNotice {
  error: { code: 'key_revoked'; message: string };
}

/** Socket.IO event maps (realtime service). */
export interface ServerToClientEvents {
  agent_message: (e: AgentMessageEvent) => void;
  credits_update: (e: CreditsUpdateEvent) => void;
  build_complete: (e: BuildCompleteEvent) => void;
  build_failed: (e: BuildFailedEvent) => void;
  unauthorized: (notice: UnauthorizedNotice) => void;
}
export interface ClientToServerEvents {
  subscribe: (req: SubscribeRequest, ack: (res: SubscribeAck) => void) => void;
  unsubscribe: (req: { build_id: string }, ack?: (res: { ok: boolean }) => void) => void;
}
