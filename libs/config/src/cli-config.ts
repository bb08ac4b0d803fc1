import { z } from 'zod';
import { ConfigError } from './load-config';

/**
 * The `autowebiq` CLI's environment. Separate from the platform's schema: a
 * user's shell may hold anything in PORT or DATABASE_URL, and the CLI must not
 * refuse to run because of variables it never reads.
 */
export const cliEnvSchema = z.object({
  /** The gateway; overrides the URL saved by `autowebiq login`. */
  AUTOWEBIQ_URL: z.string().url().optional(),
  /** Overrides the key saved by `autowebiq login`. */
  AUTOWEBIQ_API_KEY: z.string().min(1).optional(),
  /** Where `login` keeps its config.json; default $XDG_CONFIG_HOME/autowebiq or ~/.config/autowebiq. */
  AUTOWEBIQ_CONFIG_DIR: z.string().min(1).optional(),
  XDG_CONFIG_HOME: z.string().min(1).optional(),
  HOME: z.string().min(1).optional(),
  /** Any value turns colours off (https://no-color.org). */
  NO_COLOR: z.string().optional(),
});

export type CliConfig = z.infer<typeof cliEnvSchema> & {
  /** Where the CLI stores its login. */
  configDir: string;
};

/** The gateway `npm start` runs, used when neither a flag, the environment nor a login names one. */
export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:3000';

export function loadCliConfig(source: NodeJS.ProcessEnv = process.env): CliConfig {
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = cliEnvSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const env = parsed.data;
  const base = env.XDG_CONFIG_HOME ?? `${env.HOME ?? '.'}/.config`;
  return { ...env, configDir: env.AUTOWEBIQ_CONFIG_DIR ?? `${base}/autowebiq` };
}
