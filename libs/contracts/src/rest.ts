import { z } from 'zod';
import { agentTypeSchema } from './agents';
import { buildStatusSchema, tokenUsageSchema } from './builds';

/** Error codes of the REST API: `{ error: { code, message, details? } }`. */
export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'invalid_json',
  'unauthorized',
  'forbidden',
  'not_found',
  'insufficient_credits',
  'idempotency_conflict',
  'idempotency_in_progress',
  'payload_too_large',
  'unprocessable',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}

export const MAX_PROMPT_CHARS = 4000;
const credits = z.number().finite().positive().max(1_000_000_000);

/** Optional per-agent model override; every model must be priced. */
export const modelOverridesSchema = z.object({
  planner: z.string().min(1).max(100).optional(),
  image: z.string().min(1).max(100).optional(),
  frontend: z.string().min(1).max(100).optional(),
  testing: z.string().min(1).max(100).optional(),
}).strict();

export const createAccountRequestSchema = z.object({
  name: z.string().trim().min(1).max(200),
  initial_credits: z.number().finite().nonnegative().max(1_000_000_000).optional(),
}).strict();
export type CreateAccountRequest = z.infer<typeof createAccountRequestSchema>;

export const grantRequestSchema = z.object({
  credits,
  reason: z.string().trim().min(1).max(500),
  expires_at: z.string().datetime().optional(),
}).strict();
export type GrantRequest = z.infer<typeof grantRequestSchema>;

export const createApiKeyRequestSchema = z.object({ name: z.string().trim().min(1).max(200).optional() }).strict();

export const estimateRequestSchema = z.object({
  prompt: z.string().trim().min(1).max(MAX_PROMPT_CHARS),
  models: modelOverridesSchema.optional(),
}).strict();
export type EstimateRequest = z.infer<typeof estimateRequestSchema>;

export const createBuildRequestSchema = z.object({
  prompt: z.string().trim().min(1).max(MAX_PROMPT_CHARS),
  max_credits: credits.optional(),
  models: modelOverridesSchema.optional(),
}).strict();
export type CreateBuildRequest = z.infer<typeof createBuildRequestSchema>;

export interface BalanceResponse {
  credits: number;
  held: number;
  total: number;
  credits_micro: string;
  held_micro: string;
  total_micro: string;
}

export interface AgentEstimate {
  low: number;
  expected: number;
  high: number;
  model: string;
}
export interface EstimateResponse {
  low: number;
  expected: number;
  high: number;
  low_micro: string;
  expected_micro: string;
  high_micro: string;
  agents: Record<z.infer<typeof agentTypeSchema>, AgentEstimate>;
  /** `prior` until enough builds have settled to learn from. */
  basis: 'prior' | 'history';
}

export interface BuildResponse {
  id: string;
  status: z.infer<typeof buildStatusSchema>;
  prompt: string;
  models: Record<string, string>;
  reserved: number;
  spent: number;
  refunded: number;
  reserved_micro: string;
  spent_micro: string;
  refunded_micro: string;
  estimate: { low: number; expected: number; high: number } | null;
  usage: z.infer<typeof tokenUsageSchema> | null;
  failure_reason: string | null;
  site_url: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  duration_s: number | null;
}

export interface CreateBuildResponse {
  build: BuildResponse;
  balance: BalanceResponse;
}

export interface LedgerEntryResponse {
  id: string;
  operation: string;
  amount: number;
  amount_micro: string;
  /** +1 into the caller's wallet, -1 out of it, 0 inside the caller's holds. */
  direction: 1 | -1 | 0;
  from: string;
  to: string;
  build_id: string | null;
  reason: string;
  created_at: string;
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export interface MetaResponse {
  version: string;
  realtime_url: string;
  llm_provider: string;
}
