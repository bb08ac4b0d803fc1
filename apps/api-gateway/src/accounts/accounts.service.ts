import type { CreateAccountRequest, CreateAccountResponse, GrantRequest, GrantResponse } from '@autowebiq/contracts';
import { EventPublisher } from '@autowebiq/bus';
import { LedgerService, type Balance } from '@autowebiq/ledger';
import { creditsToMicro, microToCredits } from '@autowebiq/pricing';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { toBalanceResponse } from '../balance/balance-view';
import { notFound } from '../errors/api-error';
import { expiresAtField } from '../errors/expires-at-field';
import type { IdempotencyContext } from '../idempotency/idempotency-context';

/** Operator side: open accounts (wallet, first key, optional first credits) and grant credits. */
@Injectable()
export class AccountsService {
  private readonly log = new Logger(AccountsService.name);

  constructor(
    private readonly ledger: LedgerService,
    private readonly keys: ApiKeysService,
    private readonly events: EventPublisher,
  ) {}

  async create(body: CreateAccountRequest, idem: IdempotencyContext | null): Promise<CreateAccountResponse> {
    const initialMicro = body.initial_credits === undefined ? 0n : creditsToMicro(body.initial_credits);
    const id = randomUUID();
    const response = await this.ledger.transaction(async (tx) => {
      const [account] = await tx.query(`INSERT INTO accounts (id, name) VALUES ($1, $2) RETURNING id, name, created_at`, [id, body.name]);
      await this.ledger.openWallet(tx, id);
      if (initialMicro > 0n) await this.ledger.grant(tx, { accountId: id, amountMicro: initialMicro, reason: 'initial_credits' });
      const key = await this.keys.create(id, 'default', tx);
      const answer: CreateAccountResponse = {
        account: { id: account.id, name: account.name, created_at: account.created_at.toISOString() },
        api_key: key.key,
        balance: toBalanceResponse({ availableMicro: initialMicro, heldMicro: 0n, totalMicro: initialMicro }),
      };
      // The key is shown once: a replay of this request answers without it.
      await idem?.complete(tx, 201, answer, { ...answer, api_key: null, api_key_note: 'shown only in the first answer' });
      return answer;
    });
    if (initialMicro > 0n) await this.announceGrant(id, initialMicro);
    return response;
  }

  async grant(accountId: string, body: GrantRequest, idem: IdempotencyContext | null): Promise<GrantResponse> {
    const amountMicro = creditsToMicro(body.credits);
    const expiresAt = body.expires_at === undefined ? undefined : expiresAtField(body.expires_at);
    const { response, balance } = await this.ledger.transaction(async (tx) => {
      const [exists] = await tx.query(`SELECT 1 FROM accounts WHERE id = $1`, [accountId]);
      if (!exists) throw notFound('Account');
      await this.ledger.openWallet(tx, accountId);
      const transfer = await this.ledger.grant(tx, { accountId, amountMicro, reason: body.reason, expiresAt });
      const balance = await this.ledger.balance(accountId, tx);
      const answer: GrantResponse = {
        id: transfer.id,
        account_id: accountId,
        credits: microToCredits(amountMicro),
        credits_micro: amountMicro.toString(),
        reason: body.reason,
        expires_at: expiresAt?.toISOString() ?? null,
        created_at: new Date(transfer.createdAt).toISOString(),
        balance: toBalanceResponse(balance),
      };
      await idem?.complete(tx, 201, answer);
      return { response: answer, balance };
    });
    await this.announceGrant(accountId, amountMicro, balance);
    return response;
  }

  /** After commit; a lost event only delays the live balance, the books are already right. */
  private async announceGrant(accountId: string, amountMicro: bigint, balance?: Balance): Promise<void> {
    try {
      const b = toBalanceResponse(balance ?? (await this.ledger.balance(accountId)));
      await this.events.publishAccountEvent(accountId, {
        type: 'credits_update',
        ...b,
        transaction: { amount: microToCredits(amountMicro), amount_micro: amountMicro.toString(), operation: 'grant' },
      });
    } catch (e) {
      this.log.warn(`credits_update for a grant to ${accountId} not published: ${(e as Error).message}`);
    }
  }
}
