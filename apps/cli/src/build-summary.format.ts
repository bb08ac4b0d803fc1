import { AGENT_ORDER, type BuildResponse } from '@autowebiq/contracts';
import {
  formatCreditNumber as creditNumber,
  formatCredits as credits,
  type TerminalEvent,
} from '@autowebiq/sdk';
import type { WrittenSite } from './build.view';
import type { Style } from './terminal.style';
import { renderTable } from './text-table.format';

const count = (n: number) => n.toLocaleString('en-US');

/**
 * The specification's closing message: the outcome line, the usage summary,
 * the per-agent breakdown (as its bullet list and as a table with models),
 * then where the money went. Figures come from the API's view of the build.
 */
export function formatSummary(
  s: Style,
  end: TerminalEvent,
  build: BuildResponse,
  site: WrittenSite | undefined,
): string[] {
  const out: string[] = [];
  if (end.type === 'build_complete') {
    out.push(
      s.green(s.bold(`✅ Build Complete! Website generated successfully in ${end.duration_s.toFixed(1)}s`)),
    );
  } else if (end.status === 'cancelled') {
    out.push(s.yellow(s.bold(`⚠️ Build cancelled: ${end.reason}`)));
  } else {
    out.push(s.red(s.bold(`❌ Build failed: ${end.reason}`)));
  }
  const usage = build.usage;
  if (usage) {
    out.push(
      '',
      s.bold('Usage Summary:'),
      `• Total tokens: ${count(usage.total_tokens)}`,
      `• Total credits: ${credits(usage.total_credits_micro)}`,
    );
    const agents = AGENT_ORDER.filter((a) => usage.agents[a]);
    if (agents.length > 0) {
      out.push('', s.bold('Per-Agent Breakdown:'));
      for (const a of agents) {
        const u = usage.agents[a]!;
        out.push(`• ${a}: ${count(u.tokens)} tokens (${credits(u.credits_micro)} credits)`);
      }
      out.push(
        '',
        renderTable(
          [
            { header: 'agent' },
            { header: 'model' },
            { header: 'tokens', align: 'right' },
            { header: 'credits', align: 'right' },
          ],
          agents.map((a) => [
            a,
            build.models[a] ?? '',
            count(usage.agents[a]!.tokens),
            credits(usage.agents[a]!.credits_micro),
          ]),
          ['total', '', count(usage.total_tokens), credits(usage.total_credits_micro)],
        ),
      );
    }
  }
  const estimate = build.estimate
    ? ` ${s.dim(`(estimate ${creditNumber(build.estimate.low)}–${creditNumber(build.estimate.high)})`)}`
    : '';
  out.push(
    '',
    `Reserved ${credits(build.reserved_micro)} · spent ${credits(build.spent_micro)} · refunded ${credits(build.refunded_micro)} credits${estimate}`,
  );
  if (site) out.push(`Site written to ${site.dir} (${site.files} files)`);
  return out;
}
