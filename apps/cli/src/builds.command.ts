import { BUILD_STATUSES, type BuildStatus } from '@autowebiq/contracts';
import { credits, type Command } from './command';
import { positiveInt } from './command-arguments';
import { ExitCode, UsageError } from './exit-codes';
import { renderTable } from './text-table.format';

const PROMPT_WIDTH = 40;

export const buildsCommand: Command = {
  name: 'builds',
  usage: 'builds [--limit N] [--status STATUS] [--json]',
  summary: 'List your builds, newest first',
  options: { limit: { type: 'string' }, status: { type: 'string' } },
  async run(ctx, _positionals, values) {
    const limit = positiveInt(values.limit, '--limit', 20);
    const status = values.status as BuildStatus | undefined;
    if (status !== undefined && !BUILD_STATUSES.includes(status)) {
      throw new UsageError(`--status is one of ${BUILD_STATUSES.join(', ')}`);
    }
    const page = await (await ctx.client()).listBuilds({ limit, status });
    if (ctx.flags.json) {
      ctx.json(page.data);
      return ExitCode.Ok;
    }
    if (page.data.length === 0) {
      ctx.out('No builds yet. Start one with: autowebiq build "<prompt>"');
      return ExitCode.Ok;
    }
    const rows = page.data.map((b) => [
      b.id,
      b.status,
      b.created_at.slice(0, 19).replace('T', ' '),
      credits(b.spent_micro),
      credits(b.refunded_micro),
      b.prompt.length > PROMPT_WIDTH ? `${b.prompt.slice(0, PROMPT_WIDTH - 1)}…` : b.prompt,
    ]);
    ctx.out(
      renderTable(
        [
          { header: 'id' },
          { header: 'status' },
          { header: 'created (UTC)' },
          { header: 'spent', align: 'right' },
          { header: 'refunded', align: 'right' },
          { header: 'prompt' },
        ],
        rows,
      ),
    );
    if (page.next_cursor)
      ctx.out(ctx.style.dim(`Showing the newest ${page.data.length}; use --limit for more.`));
    return ExitCode.Ok;
  },
};
