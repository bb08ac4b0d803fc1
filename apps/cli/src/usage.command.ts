import { USAGE_GROUPS, type UsageGroupBy } from '@autowebiq/contracts';
import { creditNumber, credits, type Command } from './command';
import { dateArgument } from './command-arguments';
import { ExitCode, UsageError } from './exit-codes';
import { renderTable } from './text-table.format';

const count = (n: number) => n.toLocaleString('en-US');

export const usageCommand: Command = {
  name: 'usage',
  usage: 'usage [--from DATE] [--to DATE] [--group-by day|agent|model] [--json]',
  summary: 'Tokens and credits spent, by day, agent or model',
  options: { from: { type: 'string' }, to: { type: 'string' }, 'group-by': { type: 'string' } },
  async run(ctx, _positionals, values) {
    const groupBy = (values['group-by'] ?? 'day') as UsageGroupBy;
    if (!USAGE_GROUPS.includes(groupBy))
      throw new UsageError(`--group-by is one of ${USAGE_GROUPS.join(', ')}`);
    const usage = await (
      await ctx.client()
    ).usage({ from: dateArgument(values.from, '--from'), to: dateArgument(values.to, '--to'), groupBy });
    if (ctx.flags.json) {
      ctx.json(usage);
      return ExitCode.Ok;
    }
    const s = ctx.style;
    ctx.out(s.bold(`Usage ${usage.from.slice(0, 10)} → ${usage.to.slice(0, 10)}, by ${groupBy}`));
    ctx.out();
    const num = { align: 'right' as const };
    ctx.out(
      renderTable(
        [
          { header: groupBy },
          { header: 'calls', ...num },
          { header: 'builds', ...num },
          { header: 'tokens', ...num },
          { header: 'credits', ...num },
        ],
        usage.data.map((b) => [
          b.key,
          count(b.calls),
          count(b.builds),
          count(b.tokens),
          credits(b.credits_micro),
        ]),
        [
          'total',
          count(usage.total.calls),
          count(usage.total.builds),
          count(usage.total.tokens),
          credits(usage.total.credits_micro),
        ],
      ),
    );
    ctx.out(
      s.dim(
        `Credits are metered usage at list price; the ledger charged ${credits(usage.total.charged_micro)} in this range (usage given back at settle is not charged).`,
      ),
    );
    if (usage.agents.length > 0) {
      ctx.out();
      ctx.out(s.bold('Per agent and model, on average per run'));
      ctx.out(
        renderTable(
          [
            { header: 'agent' },
            { header: 'model' },
            { header: 'runs', ...num },
            { header: 'tokens', ...num },
            { header: 'credits', ...num },
            { header: 'seconds', ...num },
          ],
          usage.agents.map((a) => [
            a.agent,
            a.model,
            count(a.runs),
            count(Math.round(a.avg_tokens)),
            creditNumber(a.avg_credits),
            a.avg_duration_s.toFixed(1),
          ]),
        ),
      );
    }
    return ExitCode.Ok;
  },
};
