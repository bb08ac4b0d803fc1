import { loadCliConfig } from '@autowebiq/config';
import { InsufficientCreditsError } from '@autowebiq/sdk';
import { parseArgs } from 'node:util';
import { balanceCommand } from './balance.command';
import { buildCommand } from './build.command';
import { buildsCommand } from './builds.command';
import { cancelCommand } from './cancel.command';
import { CliContext, type CliIo } from './cli-context';
import type { Command, OptionValues } from './command';
import { estimateCommand } from './estimate.command';
import { ExitCode, exitCodeOf, UsageError } from './exit-codes';
import { loginCommand } from './login.command';
import { usageCommand } from './usage.command';

export const COMMANDS: Command[] = [
  loginCommand,
  balanceCommand,
  estimateCommand,
  buildCommand,
  buildsCommand,
  usageCommand,
  cancelCommand,
];

const GLOBAL_OPTIONS = {
  url: { type: 'string' },
  'api-key': { type: 'string' },
  json: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const EXIT_CODES = [
  '0 done · 1 unexpected error · 2 bad input · 3 insufficient credits · 4 build failed',
  '5 build cancelled · 6 not logged in or key refused · 7 not found · 8 platform unreachable',
];

export function mainHelp(version: string): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `autowebiq ${version}: build websites with AutoWebIQ's agents from your terminal`,
    '',
    'Usage: autowebiq <command> [options]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command:',
    '  --url URL        the gateway (else AUTOWEBIQ_URL, the saved login, http://127.0.0.1:3000)',
    '  --api-key KEY    the API key (else AUTOWEBIQ_API_KEY, the saved login)',
    '  --json           machine-readable output',
    '  --no-color       no colours (also NO_COLOR)',
    '',
    'Exit codes:',
    ...EXIT_CODES.map((l) => `  ${l}`),
    '',
    'autowebiq <command> --help shows the command’s own options.',
  ].join('\n');
}

function commandHelp(c: Command): string {
  return [`Usage: autowebiq ${c.usage}`, '', c.summary, ...(c.help ? ['', ...c.help] : [])].join('\n');
}

function parse(c: Command, args: string[]): { positionals: string[]; values: OptionValues } {
  try {
    const { positionals, values } = parseArgs({
      args,
      options: { ...GLOBAL_OPTIONS, ...c.options },
      allowPositionals: true,
      strict: true,
    });
    return { positionals, values: values as OptionValues };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Reports a failure the way the user can act on it; with --json also as a JSON line. */
function report(ctx: CliContext, error: unknown, command: Command): void {
  const message = error instanceof Error ? error.message : String(error);
  if (ctx.flags.json) {
    const code = (error as { code?: unknown }).code ?? (error instanceof Error ? error.name : 'error');
    ctx.json({ type: 'error', code, message });
  }
  const hint = error instanceof UsageError ? `\nSee: autowebiq ${command.name} --help` : '';
  const details =
    error instanceof InsufficientCreditsError
      ? ` (needs ${error.required}, available ${error.available})`
      : '';
  ctx.err(ctx.errStyle.red(`Error: ${message}${details}`) + hint);
}

/** Runs one invocation and resolves to its exit code; never throws. */
export async function runCli(
  argv: string[],
  io: CliIo,
  env: NodeJS.ProcessEnv,
  version: string,
): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${mainHelp(version)}\n`);
    return name === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${version}\n`);
    return ExitCode.Ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`Unknown command "${name}".\n\n${mainHelp(version)}\n`);
    return ExitCode.Usage;
  }
  let ctx: CliContext | undefined;
  try {
    const { positionals, values } = parse(command, rest);
    if (values.help) {
      io.stdout.write(`${commandHelp(command)}\n`);
      return ExitCode.Ok;
    }
    ctx = new CliContext(io, loadCliConfig(env), {
      url: values.url as string | undefined,
      apiKey: values['api-key'] as string | undefined,
      json: values.json === true,
      color: values['no-color'] !== true,
    });
    return await command.run(ctx, positionals, values);
  } catch (error) {
    if (ctx) report(ctx, error, command);
    else
      io.stderr.write(
        `Error: ${error instanceof Error ? error.message : String(error)}\nSee: autowebiq ${command.name} --help\n`,
      );
    return exitCodeOf(error);
  }
}
