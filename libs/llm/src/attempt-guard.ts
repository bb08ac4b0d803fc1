/**
 * The abort signal of one request: it fires when the caller aborts, or when the vendor stays silent for
 * `timeoutMs` — before the answer starts and between streamed chunks alike, so a long but live stream
 * is never cut while a stalled one is.
 */
export class AttemptGuard {
  private readonly controller = new AbortController();
  private timer?: NodeJS.Timeout;
  private readonly onParentAbort = () => this.controller.abort();
  timedOut = false;

  constructor(
    private readonly parent: AbortSignal | undefined,
    private readonly timeoutMs: number,
  ) {
    if (parent?.aborted) this.controller.abort();
    parent?.addEventListener('abort', this.onParentAbort, { once: true });
    this.touch();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The vendor said something: restart the silence timer. */
  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, this.timeoutMs);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.parent?.removeEventListener('abort', this.onParentAbort);
  }
}
