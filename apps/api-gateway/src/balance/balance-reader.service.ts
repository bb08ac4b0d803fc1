import { LedgerService, type Balance } from '@autowebiq/ledger';
import { Injectable } from '@nestjs/common';

interface Waiter {
  resolve: (b: Balance) => void;
  reject: (e: unknown) => void;
}

/**
 * Reads balances in rounds: every caller gets a read that started after it
 * asked (so it sees its own committed hold), and everyone who asks while a
 * round runs shares the next one, one set-based query for all their accounts.
 * Under load many requests of the same account finish together; each one
 * summing the account's open holds again would be the same query N times.
 */
@Injectable()
export class BalanceReader {
  private waiting = new Map<string, Waiter[]>();
  private running = false;

  constructor(private readonly ledger: LedgerService) {}

  read(accountId: string): Promise<Balance> {
    return new Promise<Balance>((resolve, reject) => {
      const list = this.waiting.get(accountId);
      if (list) list.push({ resolve, reject });
      else this.waiting.set(accountId, [{ resolve, reject }]);
      if (!this.running) void this.rounds();
    });
  }

  private async rounds(): Promise<void> {
    this.running = true;
    while (this.waiting.size > 0) {
      const batch = this.waiting;
      this.waiting = new Map();
      try {
        const balances = await this.ledger.balances([...batch.keys()]);
        for (const [accountId, waiters] of batch) for (const w of waiters) w.resolve(balances.get(accountId) as Balance);
      } catch (e) {
        for (const waiters of batch.values()) for (const w of waiters) w.reject(e);
      }
    }
    this.running = false;
  }
}
