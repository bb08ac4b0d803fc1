import type { Config } from '@autowebiq/config';
import {
  AGENT_TYPES,
  type AgentEstimate,
  type AgentModels,
  type AgentType,
  type EstimateResponse,
  type modelOverridesSchema,
  type PriceTable,
  type PricingResponse,
} from '@autowebiq/contracts';
import { EstimateHistoryCache } from '@autowebiq/analytics';
import {
  estimateBuild,
  isPriced,
  microToCredits,
  pricedModels,
  type BuildEstimateMicro,
} from '@autowebiq/pricing';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import { CONFIG, PRICE_TABLE } from '../core/tokens';
import { invalidFields, type FieldProblem } from '../errors/api-error';

type ModelOverrides = z.infer<typeof modelOverridesSchema>;

/** The live price table, model choice per agent, and estimates before a build. */
@Injectable()
export class PricingService {
  private readonly history: EstimateHistoryCache;

  constructor(
    @Inject(PRICE_TABLE) readonly table: PriceTable,
    @Inject(CONFIG) private readonly config: Config,
    db: DataSource,
  ) {
    this.history = new EstimateHistoryCache(db);
  }

  /**
   * The configured model per agent with the caller's overrides on top. A model
   * with no price is refused up front (never billed as "unpriced 0"), and so is
   * an image model given to an agent that writes text. Offline, every agent runs
   * the local templates whatever is asked, so another model is refused rather
   * than held and shown at its price while local-template is what runs.
   */
  resolveModels(overrides: ModelOverrides = {}): AgentModels {
    const models = { ...this.config.models, ...overrides };
    const problems: FieldProblem[] = [];
    for (const agent of AGENT_TYPES) {
      const model = models[agent];
      if (!isPriced(this.table, model)) {
        problems.push({
          field: `models.${agent}`,
          message: `model "${model}" has no price; priced models: ${pricedModels(this.table).join(', ')}`,
        });
      } else if (agent !== 'image' && this.table.models[model].kind === 'image') {
        problems.push({
          field: `models.${agent}`,
          message: `"${model}" is an image model; the ${agent} agent needs a chat model`,
        });
      } else if (this.config.LLM_PROVIDER === 'offline' && model !== this.config.models[agent]) {
        problems.push({
          field: `models.${agent}`,
          message: `this platform runs offline (LLM_PROVIDER=offline): every ${agent} call is "${this.config.models[agent]}", so "${model}" cannot be chosen`,
        });
      }
    }
    if (problems.length > 0) throw invalidFields(problems, { priced_models: pricedModels(this.table) });
    return models;
  }

  /** Learned from settled builds of these models once there are enough of them, priors before that. */
  async estimate(prompt: string, models: AgentModels): Promise<BuildEstimateMicro> {
    return estimateBuild({ table: this.table, models, prompt, history: await this.history.get(models) });
  }

  pricing(): PricingResponse {
    return {
      tokens_per_credit: this.table.tokens_per_credit,
      image_token_equivalent: this.table.image_token_equivalent,
      models: this.table.models,
      default_models: this.config.models,
    };
  }
}

export function toEstimateResponse(e: BuildEstimateMicro): EstimateResponse {
  const agents = Object.fromEntries(
    AGENT_TYPES.map((a): [AgentType, AgentEstimate] => [
      a,
      {
        model: e.agents[a].model,
        low: microToCredits(e.agents[a].low),
        expected: microToCredits(e.agents[a].expected),
        high: microToCredits(e.agents[a].high),
      },
    ]),
  ) as Record<AgentType, AgentEstimate>;
  return {
    low: microToCredits(e.low),
    expected: microToCredits(e.expected),
    high: microToCredits(e.high),
    low_micro: e.low.toString(),
    expected_micro: e.expected.toString(),
    high_micro: e.high.toString(),
    agents,
    basis: e.basis,
  };
}
