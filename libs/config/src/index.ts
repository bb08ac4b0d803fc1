export { envSchema, type Env } from './env.schema';
export { loadConfig, ConfigError, type Config } from './load-config';
export { loadAgentMessages } from './load-agent-messages';
export { nestLogLevels } from './log-levels';
export { loadCliConfig, DEFAULT_GATEWAY_URL, type CliConfig } from './cli-config';
