import type { EventPublisher } from '@autowebiq/bus';
import type { CreditLots, LotExpiry } from '@autowebiq/ledger';
import { Logger } from '@nestjs/common';
import { accountCreditsUpdate } from '../credits-update';

/**
 * The sweeper's expiry of granted credits: each lot whose expires_at has passed is settled once
 * (libs/ledger CreditLots), and its account told after the commit, so the Workspace's balance moves live.
 */
export class GrantExpiryService {
  private readonly logger = new Logger(GrantExpiryService.name);

  constructor(
    private readonly lots: CreditLots,
    private readonly events: EventPublisher,
  ) {}

  due(limit: number): Promise<string[]> {
    return this.lots.due(limit);
  }

  /** Null when another instance settled the lot first (or is settling it now). */
  async expire(lotId: string): Promise<LotExpiry | null> {
    const expiry = await this.lots.expire(lotId);
    if (expiry?.transfer) await this.announce(expiry);
    return expiry;
  }

  /** A lost event only delays the live balance; the books are already right. */
  private async announce(e: LotExpiry): Promise<void> {
    try {
      await this.events.publishAccountEvent(
        e.accountId,
        accountCreditsUpdate(e.balance, { amountMicro: -e.expiredMicro, operation: 'expiry' }),
      );
    } catch (err) {
      this.logger.warn(
        `credits_update for the expiry of grant ${e.lotId} not published: ${(err as Error).message}`,
      );
    }
  }
}
