import type { AgentModels } from '@autowebiq/contracts';
import { envSchema, type Env } from './env.schema';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface Config extends Env {
  /** Models per agent, resolved from MODEL_* and the provider's defaults. */
  models: AgentModels;
}

const DEFAULT_MODELS: Record<Env['LLM_PROVIDER'], AgentModels> = {
  offline: {
    planner: 'local-template',
    image: 'local-template',
    frontend: 'local-template',
    testing: 'local-template',
  },
  openai: { planner: 'gpt-4o', image: 'dall-e-3', frontend: 'gpt-4o', testing: 'gpt-4o' },
};

/** Parses the environment once; throws a ConfigError naming every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const env = parsed.data;
  const defaults = DEFAULT_MODELS[env.LLM_PROVIDER];
  const models: AgentModels = {
    planner: env.MODEL_PLANNER ?? defaults.planner,
    image: env.MODEL_IMAGE ?? defaults.image,
    frontend: env.MODEL_FRONTEND ?? defaults.frontend,
    testing: env.MODEL_TESTING ?? defaults.testing,
  };
  if (env.LLM_PROVIDER === 'offline') {
    // The offline provider runs the local templates whatever is named: another model would be priced but never run.
    const problems = (Object.keys(models) as (keyof AgentModels)[])
      .filter((agent) => models[agent] !== defaults[agent])
      .map(
        (agent) =>
          `MODEL_${agent.toUpperCase()}: must be ${defaults[agent]} (or unset) when LLM_PROVIDER=offline`,
      );
    if (problems.length > 0) throw new ConfigError(problems);
  }
  return { ...env, models };
}
