import { AGENT_TYPES, type AgentModels, type AgentType, type PriceTable } from '@autowebiq/contracts';
import { priceUsage } from './price-usage';

/** Learned billable tokens of one agent on one model, from settled builds. */
export interface AgentTokenStats {
  p50: number;
  p90: number;
  samples: number;
}

export interface AgentEstimateMicro {
  model: string;
  low: bigint;
  expected: bigint;
  high: bigint;
}

export interface BuildEstimateMicro {
  low: bigint;
  expected: bigint;
  high: bigint;
  agents: Record<AgentType, AgentEstimateMicro>;
  basis: 'prior' | 'history';
}

/**
 * Priors for a build nobody has measured yet: tokens each agent exchanges with a
 * model (fixed part + how often it reads the prompt), and images per site, each
 * billed at the table's image token equivalent whatever the model.
 */
const PRIORS: Record<AgentType, { fixedTokens: number; promptReads: number }> = {
  planner: { fixedTokens: 900, promptReads: 2 },
  image: { fixedTokens: 500, promptReads: 1 },
  frontend: { fixedTokens: 3200, promptReads: 2 },
  testing: { fixedTokens: 700, promptReads: 0 },
};
const PRIOR_IMAGES_PER_SITE = 4;
/** History must have this many samples before it replaces the prior. */
export const MIN_HISTORY_SAMPLES = 5;

/** Rough token count of a prompt before any tokenizer runs: ~4 characters a token. */
export const approxTokens = (text: string): number => Math.ceil(text.length / 4);

export function estimateBuild(input: {
  table: PriceTable;
  models: AgentModels;
  prompt: string;
  history?: Partial<Record<AgentType, AgentTokenStats>>;
}): BuildEstimateMicro {
  const promptTokens = approxTokens(input.prompt);
  let usedHistory = false;
  const agents = {} as Record<AgentType, AgentEstimateMicro>;
  for (const agent of AGENT_TYPES) {
    const model = input.models[agent];
    const learned = input.history?.[agent];
    // Learned stats are billable tokens, which already include images at their token equivalent.
    const price = (tokens: number, images = 0) =>
      priceUsage(input.table, { model, input_tokens: Math.max(0, Math.round(tokens)), output_tokens: 0, images });
    if (learned && learned.samples >= MIN_HISTORY_SAMPLES) {
      usedHistory = true;
      agents[agent] = { model, low: price(learned.p50 * 0.7), expected: price(learned.p50), high: price(learned.p90 * 1.25) };
      continue;
    }
    const prior = PRIORS[agent];
    // An image model is paid per image; the prompt it reads is not metered as tokens.
    const isImageModel = input.table.models[model]?.kind === 'image';
    const tokens = isImageModel ? 0 : prior.fixedTokens + prior.promptReads * promptTokens;
    const images = agent === 'image' ? PRIOR_IMAGES_PER_SITE : 0;
    agents[agent] = {
      model,
      low: price(tokens * 0.6, Math.max(0, images - 1)),
      expected: price(tokens, images),
      high: price(tokens * 2, images * 2),
    };
  }
  const sum = (k: 'low' | 'expected' | 'high') => AGENT_TYPES.reduce((acc, a) => acc + agents[a][k], 0n);
  return { low: sum('low'), expected: sum('expected'), high: sum('high'), agents, basis: usedHistory ? 'history' : 'prior' };
}
