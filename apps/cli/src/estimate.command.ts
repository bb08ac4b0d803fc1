import { AGENT_ORDER } from '@autowebiq/contracts';
import { creditNumber, credits, type Command } from './command';
import { ExitCode } from './exit-codes';
import { promptArgument } from './command-arguments';
import { renderTable } from './text-table.format';

export const estimateCommand: Command = {
  name: 'estimate',
  usage: 'estimate "<prompt>" [--json]',
  summary: 'Estimate what a build of this prompt will cost, per agent',
  async run(ctx, positionals) {
    const prompt = promptArgument(positionals, 'estimate');
    const estimate = await (await ctx.client()).estimate({ prompt });
    if (ctx.flags.json) {
      ctx.json(estimate);
      return ExitCode.Ok;
    }
    const s = ctx.style;
    ctx.out(
      `${s.bold('Estimate')}: ${credits(estimate.low_micro)} – ${credits(estimate.high_micro)} credits ${s.dim(`(expected ${credits(estimate.expected_micro)})`)}`,
    );
    ctx.out();
    const rows = AGENT_ORDER.map((agent) => {
      const a = estimate.agents[agent];
      return [agent, a.model, creditNumber(a.low), creditNumber(a.expected), creditNumber(a.high)];
    });
    ctx.out(
      renderTable(
        [
          { header: 'agent' },
          { header: 'model' },
          { header: 'low', align: 'right' },
          { header: 'expected', align: 'right' },
          { header: 'high', align: 'right' },
        ],
        rows,
        [
          'total',
          '',
          credits(estimate.low_micro),
          credits(estimate.expected_micro),
          credits(estimate.high_micro),
        ],
      ),
    );
    ctx.out();
    ctx.out(
      s.dim(
        estimate.basis === 'history'
          ? 'Based on builds that already ran. A build reserves the high end (or --max-credits) and refunds what it does not use.'
          : 'A first guess from the prompt. A build reserves the high end (or --max-credits) and refunds what it does not use.',
      ),
    );
    return ExitCode.Ok;
  },
};
