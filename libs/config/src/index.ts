export { envSchema, type Env } from './env.schema';
export { loadConfig, ConfigError, type Config } from './load-config';
export { nestLogLevels } from './log-levels';
