import type { Command } from './command';
import { ExitCode, UsageError } from './exit-codes';

export const cancelCommand: Command = {
  name: 'cancel',
  usage: 'cancel <build-id> [--json]',
  summary: 'Stop a running build; you pay for what already ran',
  async run(ctx, positionals) {
    if (positionals.length !== 1)
      throw new UsageError('cancel takes one build id: autowebiq cancel <build-id>');
    const build = await (await ctx.client()).cancelBuild(positionals[0]);
    if (ctx.flags.json) {
      ctx.json(build);
      return ExitCode.Ok;
    }
    ctx.out(
      build.status === 'cancelled' || build.status === 'queued' || build.status === 'running'
        ? `Cancellation requested for build ${build.id} (now ${build.status}). The unused part of its hold is refunded when it stops.`
        : `Build ${build.id} had already ended (${build.status}); nothing to cancel.`,
    );
    return ExitCode.Ok;
  },
};
