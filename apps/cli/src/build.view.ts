import type { BalanceResponse, BuildEvent, BuildResponse } from '@autowebiq/contracts';
import type { TerminalEvent } from '@autowebiq/sdk';

/** Where the site was written by --out. */
export interface WrittenSite {
  dir: string;
  files: number;
}

/** How `autowebiq build` shows a build: live bars on a terminal, plain lines in a pipe, JSON lines with --json. */
export interface BuildView {
  started(build: BuildResponse, balance: BalanceResponse): void;
  event(e: BuildEvent): void;
  /** Something about the watch rather than the build: reconnecting, cancelling. */
  notice(text: string): void;
  finished(end: TerminalEvent, build: BuildResponse, site: WrittenSite | undefined): void;
}
