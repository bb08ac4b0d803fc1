import { z } from 'zod';
import { agentTypeSchema } from './agents';

export const BUILD_STATUSES = [
  'queued',
  'running',
  'completed',
  'failed',
  'cancelled',
  'over_budget',
] as const;
export const buildStatusSchema = z.enum(BUILD_STATUSES);
export type BuildStatus = z.infer<typeof buildStatusSchema>;

/** Statuses from which a build never moves again (its hold is released or about to be). */
export const TERMINAL_BUILD_STATUSES: readonly BuildStatus[] = [
  'completed',
  'failed',
  'cancelled',
  'over_budget',
];

/** Which model each agent uses. Frozen into the build when it is requested. */
export const agentModelsSchema = z.object({
  planner: z.string().min(1).max(100),
  image: z.string().min(1).max(100),
  frontend: z.string().min(1).max(100),
  testing: z.string().min(1).max(100),
});
export type AgentModels = z.infer<typeof agentModelsSchema>;

/**
 * A price table as frozen into a build. Multipliers are decimal strings
 * ("1.5") so no float ever touches money; pricing turns them into integers.
 */
export const multiplierSchema = z.string().regex(/^\d+(\.\d{1,6})?$/, 'a decimal string such as "1.5"');
export const modelPriceSchema = z.object({ multiplier: multiplierSchema, kind: z.enum(['chat', 'image']) });
export const priceTableSchema = z.object({
  tokens_per_credit: z.number().int().positive(),
  image_token_equivalent: z.number().int().positive(),
  models: z.record(z.string(), modelPriceSchema),
});
/** PRICE_MULTIPLIERS: per model, a multiplier (the kind kept, chat for a new model) or a whole entry. */
export const priceOverridesSchema = z.record(
  z.string().min(1),
  z.union([multiplierSchema, modelPriceSchema]),
);
export type PriceTable = z.infer<typeof priceTableSchema>;

/** `token_usage` of build_complete, and `usage` of GET /v1/builds/:id. */
export const tokenUsageSchema = z.object({
  total_tokens: z.number().int().nonnegative(),
  total_credits: z.number().nonnegative(),
  total_credits_micro: z.string().regex(/^\d+$/),
  agents: z.partialRecord(
    agentTypeSchema,
    z.object({
      tokens: z.number().int().nonnegative(),
      credits: z.number().nonnegative(),
      credits_micro: z.string().regex(/^\d+$/),
    }),
  ),
});
export type TokenUsage = z.infer<typeof tokenUsageSchema>;
