import type { BalanceResponse, BuildEvent, BuildResponse } from '@autowebiq/contracts';
import type { TerminalEvent } from '@autowebiq/sdk';
import type { BuildView, WrittenSite } from './build.view';
import type { CliContext } from './cli-context';

/**
 * One JSON object per line on stdout: `build_created`, then every wire event
 * of the build as the API sends it, then `result` with the build as the API
 * reports it once finished. Notices go to stderr so stdout stays parseable.
 */
export class JsonProgressView implements BuildView {
  constructor(private readonly ctx: CliContext) {}

  started(build: BuildResponse, balance: BalanceResponse): void {
    this.ctx.json({ type: 'build_created', build, balance });
  }

  event(e: BuildEvent): void {
    this.ctx.json(e);
  }

  notice(text: string): void {
    this.ctx.err(text);
  }

  finished(end: TerminalEvent, build: BuildResponse, site: WrittenSite | undefined): void {
    this.ctx.json({ type: 'result', outcome: end.type, status: build.status, build, site: site ?? null });
  }
}
