import { LedgerService } from '@autowebiq/ledger';
import { DEFAULT_PRICE_TABLE, creditsToMicro } from '@autowebiq/pricing';
import { hashApiKey } from '@autowebiq/db';
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** An account with an open wallet holding `credits`, written straight to the database. */
export async function insertAccount(
  ds: DataSource,
  credits: number | string = 0,
  name = 'test account',
): Promise<string> {
  const id = randomUUID();
  const ledger = new LedgerService(ds);
  await ds.transaction(async (tx) => {
    await tx.query(`INSERT INTO accounts (id, name) VALUES ($1, $2)`, [id, name]);
    await ledger.openWallet(tx, id);
    const micro = creditsToMicro(credits);
    if (micro > 0n) await ledger.grant(tx, { accountId: id, amountMicro: micro, reason: 'test_grant' });
  });
  return id;
}

/** A queued build row with the default models and price table, and no hold yet. */
export async function insertBuildRow(
  tx: Pick<DataSource, 'query'>,
  accountId: string,
  opts: { id?: string; prompt?: string; models?: Record<string, string> } = {},
): Promise<string> {
  const id = opts.id ?? randomUUID();
  const models = opts.models ?? {
    planner: 'local-template',
    image: 'local-template',
    frontend: 'local-template',
    testing: 'local-template',
  };
  await tx.query(
    `INSERT INTO builds (id, account_id, status, prompt, models, price_table) VALUES ($1, $2, 'queued', $3, $4, $5)`,
    [
      id,
      accountId,
      opts.prompt ?? 'a coffee shop website',
      JSON.stringify(models),
      JSON.stringify(DEFAULT_PRICE_TABLE),
    ],
  );
  return id;
}

/** An API key of the account stored as the gateway stores it (hash only); returns the plain key. */
export async function insertApiKey(
  db: Pick<DataSource, 'query'>,
  accountId: string,
  opts: { revoked?: boolean } = {},
): Promise<string> {
  const key = `awq_${randomBytes(24).toString('hex')}`;
  await db.query(
    `INSERT INTO api_keys (id, account_id, prefix, key_hash, revoked_at) VALUES ($1, $2, $3, $4, $5)`,
    [randomUUID(), accountId, key.slice(0, 8), hashApiKey(key), opts.revoked ? new Date() : null],
  );
  return key;
}
