import { Batcher } from '@autowebiq/db';
import { LedgerService, type Balance } from '@autowebiq/ledger';
import { Injectable } from '@nestjs/common';

/**
 * Reads balances in rounds (a Batcher): every caller gets a read that started after it asked (so it sees
 * its own committed hold), and everyone who asks while a round runs shares the next one, one set-based
 * query for all their accounts. Under load many requests of the same account finish together; each one
 * summing the account's open holds again would be the same query N times.
 */
@Injectable()
export class BalanceReader {
  private readonly rounds: Batcher<string, Balance>;

  constructor(private readonly ledger: LedgerService) {
    this.rounds = new Batcher(
      async (accountIds) => {
        const balances = await this.ledger.balances(accountIds);
        return accountIds.map((id) => balances.get(id) as Balance);
      },
      { maxBatch: 1000, maxConcurrent: 1 },
    );
  }

  read(accountId: string): Promise<Balance> {
    return this.rounds.submit(accountId);
  }
}
