import {
  AGENT_ORDER,
  AGENT_PHASES,
  type BalanceResponse,
  type BuildEvent,
  type BuildResponse,
} from '@autowebiq/contracts';
import {
  formatCreditNumber as creditNumber,
  formatCredits as credits,
  type TerminalEvent,
} from '@autowebiq/sdk';
import { BuildProgress } from './build-progress';
import type { BuildView, WrittenSite } from './build.view';
import { formatSummary } from './build-summary.format';
import type { CliContext } from './cli-context';
import { bar, statusText } from './progress-line.format';
import { displayWidth, padEnd, stripAnsi } from './terminal.style';

const REDRAW_MS = 50;
const BAR_WIDTH = 20;
const LABEL_WIDTH = Math.max(...AGENT_ORDER.map((a) => displayWidth(AGENT_PHASES[a].label)));

/**
 * A block of lines redrawn in place: one progress bar per agent, the current
 * status line and the credit meter. Redraws are coalesced so a burst of events
 * costs one repaint; lines are cut to the terminal width because a wrapped line
 * would break the cursor arithmetic.
 */
export class LiveProgressView implements BuildView {
  private progress?: BuildProgress;
  private drawn = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly ctx: CliContext) {}

  started(build: BuildResponse, balance: BalanceResponse): void {
    const s = this.ctx.style;
    this.ctx.out(
      `🚀 ${s.bold('Build')} ${build.id} ${s.dim(`· ${credits(build.reserved_micro)} credits reserved`)}`,
    );
    this.progress = new BuildProgress(build.reserved_micro, balance);
    this.ctx.io.stdout.write('\x1b[?25l');
    this.draw();
  }

  event(e: BuildEvent): void {
    this.progress?.apply(e);
    this.timer ??= setTimeout(() => this.draw(), REDRAW_MS);
  }

  notice(text: string): void {
    this.erase();
    this.ctx.out(this.ctx.style.yellow(text));
    this.draw();
  }

  finished(end: TerminalEvent, build: BuildResponse, site: WrittenSite | undefined): void {
    this.draw();
    this.ctx.io.stdout.write('\x1b[?25h');
    this.ctx.out();
    for (const line of formatSummary(this.ctx.style, end, build, site)) this.ctx.out(line);
  }

  private lines(): string[] {
    const p = this.progress!;
    const s = this.ctx.style;
    const rows = AGENT_ORDER.map((a) => {
      const agent = p.agents[a];
      const phase = AGENT_PHASES[a];
      const status = agent.status === 'pending' ? s.dim('·  Queued') : statusText(s, agent.status);
      const pct = `${Math.round(agent.fraction * 100)}%`.padStart(4);
      const usage =
        agent.tokens > 0
          ? s.dim(`${agent.tokens.toLocaleString('en-US')} tok · ${creditNumber(agent.credits)} cr`)
          : '';
      return `${phase.emoji} ${padEnd(phase.label, LABEL_WIDTH)}  ${padEnd(status, 14)} ${bar(agent.fraction, BAR_WIDTH)} ${pct}  ${usage}`;
    });
    rows.push(`${s.bold(`[${String(p.overall).padStart(3)}%]`)} ${p.message}`);
    rows.push(
      `💳 Credits ${bar(p.spentFraction, BAR_WIDTH)} ${credits(p.spentMicro)} of ${credits(p.reservedMicro)} reserved · ${credits(p.availableMicro)} available`,
    );
    return rows;
  }

  private erase(): void {
    if (this.drawn > 0) this.ctx.io.stdout.write(`\x1b[${this.drawn}F\x1b[0J`);
    this.drawn = 0;
  }

  private draw(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.progress) return;
    const width = this.ctx.io.stdout.columns ?? 100;
    const lines = this.lines().map((l) => fit(l, width - 1));
    const up = this.drawn > 0 ? `\x1b[${this.drawn}F` : '';
    this.ctx.io.stdout.write(up + lines.map((l) => `\x1b[2K${l}\n`).join(''));
    this.drawn = lines.length;
  }
}

/** Cuts a line to `width` columns; a cut line loses its colours rather than risk a half escape code. */
function fit(line: string, width: number): string {
  if (displayWidth(line) <= width) return line;
  let out = '';
  for (const ch of stripAnsi(line)) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}
