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
  'overloaded',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}

export const MAX_PROMPT_CHARS = 4000;

/** The most credits one amount may name: a grant, a build's hold, an account's first balance, DEMO_CREDITS. */
export const MAX_CREDITS = 1_000_000_000;
/**
 * A credits amount as a person writes it: whole credits and at most 6 decimals (1 µcr), no exponent.
 * `creditsToMicro` in pricing parses this same pattern, so what passes here always converts exactly.
 */
export const CREDITS_DECIMAL = /^(\d+)(?:\.(\d{1,6}))?$/;
/** 0 to MAX_CREDITS, exact in µcr: more than 6 decimals is refused rather than silently rounded. */
export const creditsAmountSchema = z
  .number()
  .finite()
  .nonnegative()
  .max(MAX_CREDITS)
  .refine((n) => CREDITS_DECIMAL.test(String(n)), 'must be a number of credits with at most 6 decimals');
const credits = creditsAmountSchema.positive();

// Control characters (Unicode Cc: U+0000-U+001F and U+007F-U+009F) spelled as ranges rather than \p{Cc}, so the
// pattern in /openapi.json means the same to a client's regex engine without the `u` flag.
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const NO_CONTROL = /^[^\x00-\x1f\x7f-\x9f]*$/;
// eslint-disable-next-line no-control-regex -- the same, tab, newline and carriage return excepted
const NO_CONTROL_BUT_LINES = /^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$/;

/**
 * Text a person typed, one line of it: no control characters at all (Postgres refuses NUL in text, and the
 * others would break the lists, logs and terminals a name is shown in).
 */
const oneLine = (max: number) =>
  z.string().trim().min(1).max(max).regex(NO_CONTROL, 'must not contain control characters');
/** Free text (a prompt, a reason): lines and tabs, but no other control character. */
const freeText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(
      NO_CONTROL_BUT_LINES,
      'must not contain control characters other than tab, newline and carriage return',
    );

/** Optional per-agent model override; every model must be priced. */
export const modelOverridesSchema = z
  .object({
    planner: z.string().min(1).max(100).optional(),
    image: z.string().min(1).max(100).optional(),
    frontend: z.string().min(1).max(100).optional(),
    testing: z.string().min(1).max(100).optional(),
  })
  .strict();

export const createAccountRequestSchema = z
  .object({
    name: oneLine(200),
    initial_credits: creditsAmountSchema.optional(),
  })
  .strict();
export type CreateAccountRequest = z.infer<typeof createAccountRequestSchema>;

export const grantRequestSchema = z
  .object({
    credits,
    reason: freeText(500),
    expires_at: z.string().datetime().optional(),
  })
  .strict();
export type GrantRequest = z.infer<typeof grantRequestSchema>;

export const createApiKeyRequestSchema = z.object({ name: oneLine(200).optional() }).strict();

export const estimateRequestSchema = z
  .object({
    prompt: freeText(MAX_PROMPT_CHARS),
    models: modelOverridesSchema.optional(),
  })
  .strict();
export type EstimateRequest = z.infer<typeof estimateRequestSchema>;

export const createBuildRequestSchema = z
  .object({
    prompt: freeText(MAX_PROMPT_CHARS),
    max_credits: credits.optional(),
    models: modelOverridesSchema.optional(),
  })
  .strict();
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
  /**
   * A short-lived link to the generated site that needs no Authorization header
   * (for an iframe), e.g. `/v1/previews/<token>/index.html`; null until files exist.
   */
  preview_url?: string | null;
  /** When the build was asked to stop; the build is `cancelled` once its workers have. */
  cancel_requested_at?: string | null;
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

/** `details` of a 402 `insufficient_credits` error: what the hold needs and what the wallet has. */
export interface InsufficientCreditsDetails {
  required: number;
  available: number;
  required_micro: string;
  available_micro: string;
}

export interface AccountResponse {
  id: string;
  name: string;
  created_at: string;
}

/** `POST /v1/accounts` (admin): the plain key is shown here once and never again. */
export interface CreateAccountResponse {
  account: AccountResponse;
  api_key: string;
  balance?: BalanceResponse;
}

/** `POST /v1/accounts/:id/grants` (admin). */
export interface GrantResponse {
  id: string;
  account_id: string;
  credits: number;
  credits_micro: string;
  reason: string;
  expires_at: string | null;
  created_at: string;
  balance?: BalanceResponse;
}

export interface ApiKeyResponse {
  id: string;
  name: string | null;
  /** The first characters of the key, so a person can tell keys apart. */
  prefix: string;
  created_at: string;
  revoked_at: string | null;
}

/** `POST /v1/api-keys`: the only response that carries the plain key. */
export interface CreatedApiKeyResponse extends ApiKeyResponse {
  key: string;
}

/** `GET /v1/pricing`: the live price table (builds freeze their own copy). */
export interface PricingResponse {
  tokens_per_credit: number;
  image_token_equivalent: number;
  models: Record<string, { multiplier: string; kind: 'chat' | 'image' }>;
  default_models?: Record<z.infer<typeof agentTypeSchema>, string>;
}

/** `GET /v1/builds/:id/events?after_seq=`: the build's timeline in seq order. */
export interface BuildEventsResponse<E = unknown> {
  data: E[];
}

export const USAGE_GROUPS = ['day', 'agent', 'model'] as const;
export type UsageGroupBy = (typeof USAGE_GROUPS)[number];

export interface UsageBucket {
  /** The day (YYYY-MM-DD, UTC), the agent type or the model name. */
  key: string;
  calls: number;
  builds: number;
  input_tokens: number;
  output_tokens: number;
  tokens: number;
  credits: number;
  credits_micro: string;
}

/** Per agent and model: what one run of that agent costs and takes on average. */
export interface AgentPerformance {
  agent: z.infer<typeof agentTypeSchema>;
  model: string;
  runs: number;
  avg_tokens: number;
  avg_credits: number;
  avg_duration_s: number;
}

/**
 * `GET /v1/usage?from&to&group_by=day|agent|model`. Buckets and `credits` are metered usage: every call billing
 * received, at its build's list price, including calls later given back (retried attempts, platform failures).
 * `charged` is what the ledger took in the range: usage captured minus captured usage refunded.
 */
export interface UsageResponse {
  from: string;
  to: string;
  group_by: UsageGroupBy;
  data: UsageBucket[];
  total: {
    calls: number;
    builds: number;
    tokens: number;
    credits: number;
    credits_micro: string;
    charged: number;
    charged_micro: string;
  };
  agents: AgentPerformance[];
}
