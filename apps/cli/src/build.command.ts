import type { CreateBuildResponse } from '@autowebiq/contracts';
import { parseCredits, type AutoWebIQ, type TerminalEvent } from '@autowebiq/sdk';
import { InsufficientCreditsError } from '@autowebiq/sdk';
import { creditNumber, credits, type Command } from './command';
import { promptArgument } from './command-arguments';
import type { CliContext } from './cli-context';
import type { BuildView, WrittenSite } from './build.view';
import { ExitCode, UsageError } from './exit-codes';
import { JsonProgressView } from './json-progress.view';
import { LiveProgressView } from './live-progress.view';
import { PlainProgressView } from './plain-progress.view';
import { writeSiteArchive } from './site-archive.writer';

function maxCreditsArgument(value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  const micro = typeof value === 'string' ? parseCredits(value) : undefined;
  if (micro === undefined || micro <= 0n)
    throw new UsageError('--max-credits needs a number of credits above 0, e.g. 12.5');
  return Number(value);
}

function viewFor(ctx: CliContext): BuildView {
  if (ctx.flags.json) return new JsonProgressView(ctx);
  return ctx.interactive ? new LiveProgressView(ctx) : new PlainProgressView(ctx);
}

/** The exit code of a finished build: success, a failure, or the user's own cancel. */
const exitCodeOfEnd = (end: TerminalEvent) =>
  end.type === 'build_complete'
    ? ExitCode.Ok
    : end.status === 'cancelled'
      ? ExitCode.BuildCancelled
      : ExitCode.BuildFailed;

/**
 * Shows the build's start, then follows it over Socket.IO until it ends. The
 * first Ctrl-C asks the platform to cancel (the build pays for what ran) and
 * keeps watching for the end; a second one quits at once. The handler is in
 * place before anything is shown, so a Ctrl-C prompted by the output is never
 * the default one that would leave the build running unwatched.
 */
async function follow(
  ctx: CliContext,
  client: AutoWebIQ,
  created: CreateBuildResponse,
  view: BuildView,
): Promise<TerminalEvent | 'quit'> {
  const buildId = created.build.id;
  const abort = new AbortController();
  let interrupts = 0;
  let quit!: () => void;
  const quitting = new Promise<'quit'>((resolve) => (quit = () => resolve('quit')));
  const offInterrupt = ctx.io.onInterrupt(() => {
    if (++interrupts > 1) return quit();
    view.notice('Cancelling the build... (Ctrl-C again to stop watching)');
    client.cancelBuild(buildId).catch((e: Error) => view.notice(`Could not cancel: ${e.message}`));
  });
  view.started(created.build, created.balance);
  const connection = client.realtime();
  const offState = connection.on('state', (state) => {
    if (state === 'reconnecting') view.notice('Connection lost; reconnecting (no event will be missed)...');
  });
  try {
    return await Promise.race([
      client.watchBuild(buildId, { connection, onEvent: (e) => view.event(e), signal: abort.signal }),
      quitting,
    ]);
  } finally {
    abort.abort();
    offInterrupt();
    offState();
    connection.close();
  }
}

export const buildCommand: Command = {
  name: 'build',
  usage: 'build "<prompt>" [--max-credits N] [--out DIR] [--json]',
  summary: 'Build a website, showing each agent live, then what it cost',
  options: { 'max-credits': { type: 'string' }, out: { type: 'string' } },
  help: [
    '--max-credits N  reserve at most N credits (default: the high end of the estimate); the build stops there',
    '--out DIR        write the generated site into DIR',
    '--json           one JSON object per line: build_created, every event, then result',
    'Ctrl-C cancels the build (you pay for what already ran); a second Ctrl-C stops watching.',
  ],
  async run(ctx, positionals, values) {
    const prompt = promptArgument(positionals, 'build');
    const maxCredits = maxCreditsArgument(values['max-credits']);
    const outDir = typeof values.out === 'string' ? values.out : undefined;
    const client = await ctx.client();
    let created;
    try {
      created = await client.createBuild({ prompt, max_credits: maxCredits });
    } catch (e) {
      if (!(e instanceof InsufficientCreditsError)) throw e;
      const need = e.requiredMicro ? credits(e.requiredMicro) : creditNumber(e.required);
      const have = e.availableMicro ? credits(e.availableMicro) : creditNumber(e.available);
      if (ctx.flags.json)
        ctx.json({ type: 'error', code: e.code, required: e.required, available: e.available });
      ctx.err(
        ctx.errStyle.red(
          `Insufficient credits: this build needs ${need} credits but only ${have} are available.`,
        ) + '\nLower --max-credits, or ask for more credits.',
      );
      return ExitCode.InsufficientCredits;
    }
    const view = viewFor(ctx);
    const end = await follow(ctx, client, created, view);
    if (end === 'quit') {
      ctx.err(
        `Stopped watching. The build goes on: autowebiq builds, or autowebiq cancel ${created.build.id}`,
      );
      return ExitCode.Interrupted;
    }
    const build = await client.getBuild(created.build.id);
    let site: WrittenSite | undefined;
    if (outDir && end.type === 'build_complete') {
      const files = await writeSiteArchive(await client.archive(build.id), outDir);
      site = { dir: outDir, files: files.length };
    }
    view.finished(end, build, site);
    return exitCodeOfEnd(end);
  },
};
