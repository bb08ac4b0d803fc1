import type { ParseArgsConfig } from 'node:util';
import type { CliContext } from './cli-context';
import type { ExitCode } from './exit-codes';

export type OptionValues = Record<string, string | boolean | undefined>;

/** One `autowebiq <name>` subcommand. */
export interface Command {
  name: string;
  /** e.g. `build "<prompt>" [--max-credits N]`, shown in help. */
  usage: string;
  summary: string;
  options?: NonNullable<ParseArgsConfig['options']>;
  /** Extra help lines under the usage. */
  help?: string[];
  run(ctx: CliContext, positionals: string[], values: OptionValues): Promise<ExitCode>;
}

/** A credit amount for people: exact µcr to two decimals, never through a float. */
export { formatCreditNumber as creditNumber, formatCredits as credits } from '@autowebiq/sdk';
