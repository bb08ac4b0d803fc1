import type { Env } from './env.schema';

/** Nest's logger levels for LOG_LEVEL (Nest calls `info` "log"); the strings match Nest's LogLevel. */
const LEVELS = {
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  info: ['fatal', 'error', 'warn', 'log'],
  warn: ['fatal', 'error', 'warn'],
  error: ['fatal', 'error'],
} as const;

export const nestLogLevels = (level: Env['LOG_LEVEL']): ('fatal' | 'error' | 'warn' | 'log' | 'debug')[] => [
  ...LEVELS[level],
];
