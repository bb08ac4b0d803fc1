import { credits, type Command } from './command';
import { ExitCode } from './exit-codes';

export const balanceCommand: Command = {
  name: 'balance',
  usage: 'balance [--json]',
  summary: 'Show available, held and total credits',
  async run(ctx) {
    const balance = await (await ctx.client()).balance();
    if (ctx.flags.json) {
      ctx.json(balance);
      return ExitCode.Ok;
    }
    const s = ctx.style;
    ctx.out(`${s.bold('Available')}  ${credits(balance.credits_micro)} credits`);
    ctx.out(`Held       ${credits(balance.held_micro)} credits ${s.dim('(reserved by running builds)')}`);
    ctx.out(`Total      ${credits(balance.total_micro)} credits`);
    return ExitCode.Ok;
  },
};
