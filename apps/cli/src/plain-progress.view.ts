import { speakerOf, type BalanceResponse, type BuildEvent, type BuildResponse } from '@autowebiq/contracts';
import { formatCredits as credits, type TerminalEvent } from '@autowebiq/sdk';
import type { BuildView, WrittenSite } from './build.view';
import { formatSummary } from './build-summary.format';
import type { CliContext } from './cli-context';
import { statusText } from './progress-line.format';

/** One line per message, for logs and pipes: nothing is redrawn. */
export class PlainProgressView implements BuildView {
  private reservedMicro = '0';

  constructor(private readonly ctx: CliContext) {}

  started(build: BuildResponse, balance: BalanceResponse): void {
    this.reservedMicro = build.reserved_micro;
    this.ctx.out(
      `Build ${build.id} started: ${credits(build.reserved_micro)} credits reserved, ${credits(balance.credits_micro)} available`,
    );
  }

  event(e: BuildEvent): void {
    const s = this.ctx.style;
    if (e.type === 'agent_message') {
      const who = speakerOf(e.agent_type, e.progress);
      const [first, ...more] = e.message.split('\n');
      this.ctx.out(
        `[${String(e.progress).padStart(3)}%] ${who.emoji} ${who.label} ${statusText(s, e.status)} ${first}`,
      );
      for (const line of more) this.ctx.out(`       ${line}`);
      for (const d of e.details ?? []) this.ctx.out(`       ${s.dim(`• ${d}`)}`);
    } else if (e.type === 'credits_update' && e.build_spent_micro !== undefined) {
      this.reservedMicro = e.build_reserved_micro ?? this.reservedMicro;
      this.ctx.out(
        `       💳 spent ${credits(e.build_spent_micro)} of ${credits(this.reservedMicro)} reserved · ${credits(e.credits_micro)} available`,
      );
    }
  }

  notice(text: string): void {
    this.ctx.err(text);
  }

  finished(end: TerminalEvent, build: BuildResponse, site: WrittenSite | undefined): void {
    this.ctx.out();
    for (const line of formatSummary(this.ctx.style, end, build, site)) this.ctx.out(line);
  }
}
