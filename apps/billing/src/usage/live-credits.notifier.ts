import type { EventPublisher } from '@autowebiq/bus';
import type { LedgerService } from '@autowebiq/ledger';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { creditsUpdate } from '../credits-update';
import type { BuildCapture } from './usage-batch.service';

interface Pending {
  accountId: string;
  capturedMicro: bigint;
}

/**
 * Sends each touched build a `credits_update` after its usage is captured, at most
 * once per interval per build (further apart when so many builds run that the
 * updates would exceed `maxPerSecond`): a busy build is captured batch after
 * batch, and a person needs an update or two a second, not one per batch. Figures are read
 * fresh when sent, so an update never shows a balance older than its capture;
 * builds settled meanwhile are skipped (settle sends the final figures).
 */
export class LiveCreditsNotifier {
  private readonly logger = new Logger(LiveCreditsNotifier.name);
  private pending = new Map<string, Pending>();
  private timer?: NodeJS.Timeout;
  private lastFlushAt = 0;
  private lastFlushSize = 0;
  private flushing?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly events: EventPublisher,
    private readonly options: { intervalMs: number; maxPerSecond: number },
  ) {}

  note(captures: BuildCapture[]): void {
    for (const c of captures) {
      if (c.capturedMicro === 0n) continue;
      const p = this.pending.get(c.buildId);
      if (p) p.capturedMicro += c.capturedMicro;
      else this.pending.set(c.buildId, { accountId: c.accountId, capturedMicro: c.capturedMicro });
    }
    if (this.pending.size > 0 && !this.timer) {
      // With more running builds than the rate allows, each build's updates come further apart.
      const gap = Math.max(this.options.intervalMs, (this.lastFlushSize / this.options.maxPerSecond) * 1000);
      const wait = Math.max(0, this.lastFlushAt + gap - Date.now());
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, wait);
    }
  }

  /** Sends what is pending now. */
  async flush(): Promise<void> {
    await this.flushing;
    const batch = this.pending;
    if (batch.size === 0) return;
    this.pending = new Map();
    this.lastFlushAt = Date.now();
    this.lastFlushSize = batch.size;
    this.flushing = this.send(batch).catch((e: Error) =>
      this.logger.warn(`Live credits updates lost: ${e.message}`),
    );
    await this.flushing;
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async send(batch: Map<string, Pending>): Promise<void> {
    const buildIds = [...batch.keys()];
    const [balances, builds] = await Promise.all([
      this.ledger.balances([...batch.values()].map((p) => p.accountId)),
      this.dataSource.query(
        `SELECT id, reserved_micro, spent_micro FROM builds WHERE id = ANY($1::uuid[]) AND settled_at IS NULL`,
        [buildIds],
      ) as Promise<{ id: string; reserved_micro: string; spent_micro: string }[]>,
    ]);
    await Promise.all(
      builds.map((b) => {
        const { accountId, capturedMicro } = batch.get(b.id) as Pending;
        const balance = balances.get(accountId);
        if (!balance) return undefined;
        const build = { reservedMicro: BigInt(b.reserved_micro), spentMicro: BigInt(b.spent_micro) };
        return this.events.publishBuildEvent(
          accountId,
          b.id,
          creditsUpdate(balance, build, { amountMicro: -capturedMicro, operation: 'usage' }),
        );
      }),
    );
  }
}
