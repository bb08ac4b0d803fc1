import type { BalanceResponse, CreditsUpdateEvent } from '@autowebiq/contracts';
import type { AutoWebIQ } from './client';
import { Emitter } from './emitter';
import type { RealtimeConnection } from './realtime-connection';

export interface BalanceTrackerEvents {
  change: (balance: BalanceResponse) => void;
  error: (error: unknown) => void;
}

const balanceOf = (e: CreditsUpdateEvent): BalanceResponse => ({
  credits: e.credits,
  held: e.held,
  total: e.total,
  credits_micro: e.credits_micro,
  held_micro: e.held_micro,
  total_micro: e.total_micro,
});

/**
 * The account's live balance: read once over REST, then moved by
 * credits_update events. Replays of old builds also carry credits_update, so
 * an event only counts when it is newer than what is shown; after a
 * reconnect the balance is read again because updates may have been missed.
 */
export class BalanceTracker extends Emitter<BalanceTrackerEvents> {
  private value: BalanceResponse | undefined;
  private asOf = 0;
  private readonly offs: Array<() => void> = [];

  constructor(
    private readonly client: AutoWebIQ,
    connection: RealtimeConnection,
  ) {
    super();
    this.offs.push(
      connection.on('credits_update', (e) => this.apply(e)),
      connection.on('state', (s) => s === 'connected' && void this.refresh()),
    );
    void this.refresh();
  }

  get current(): BalanceResponse | undefined {
    return this.value;
  }

  async refresh(): Promise<void> {
    try {
      const { balance, asOf } = await this.client.balanceSnapshot();
      // An event newer than this read may already have been applied while the request was in flight.
      if (asOf < this.asOf) return;
      this.set(balance, asOf);
    } catch (error) {
      this.emit('error', error);
    }
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
    this.removeAllListeners();
  }

  private apply(e: CreditsUpdateEvent): void {
    const ts = Date.parse(e.ts);
    if (Number.isNaN(ts) || ts < this.asOf) return;
    this.set(balanceOf(e), ts);
  }

  private set(balance: BalanceResponse, asOf: number): void {
    this.value = balance;
    this.asOf = asOf;
    this.emit('change', balance);
  }
}
