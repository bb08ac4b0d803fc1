import type { Config } from '@autowebiq/config';
import { Batcher, runByUniqueKey } from '@autowebiq/db';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CONFIG } from '../core/tokens';

export type ClaimResult =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'resume'; recovery: Record<string, unknown> }
  | { kind: 'conflict' }
  | { kind: 'in_progress' };

interface Claim {
  scope: string;
  key: string;
  requestHash: string;
  recovery: Record<string, unknown> | null;
}

interface ClaimRow {
  claimed: boolean;
  request_hash: string | null;
  status_code: number | null;
  response: unknown;
  abandoned: boolean | null;
}

interface Completion {
  scope: string;
  key: string;
  status: number;
  /** The response's JSON text. */
  body: string;
}

/**
 * After this long a first request that never answered is presumed dead. With
 * no recovery point it never moved money (money moves only after the recovery
 * point is written, or in the same transaction), so the key is taken over;
 * with one, the next request resumes from it instead of doing the work again.
 */
const ABANDONED_AFTER_S = 60;
const CLEANUP_EVERY_MS = 3600_000;
const CLEANUP_BATCH = 5000;

/**
 * Stripe-style idempotency keys in Postgres: the first request claims
 * (scope, key) with a hash of its body and stores its response; a retry with
 * the same body gets that response again, another body gets 409. While the
 * first request runs, `response` may hold its recovery point (status_code is
 * still null); once it answered, `response` is the answer's JSON text.
 */
@Injectable()
export class IdempotencyService implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(IdempotencyService.name);
  private timer?: NodeJS.Timeout;
  private readonly claims = new Batcher<Claim, ClaimResult>((c) => this.claimMany(c), {
    maxBatch: 256,
    maxConcurrent: 4,
  });
  private readonly completions = new Batcher<Completion, void>(
    async (c) => {
      await this.db.query(
        named('idempotency_complete_many', COMPLETE_MANY, completeParams([...c].sort(compareClaims))),
      );
      return c.map(() => undefined);
    },
    // The answer of work already committed: refusing to store it would turn a success into a 503.
    { maxBatch: 256, maxConcurrent: 4, maxQueued: Number.POSITIVE_INFINITY },
  );

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(
      () => void this.cleanup().catch((e: Error) => this.log.warn(`cleanup failed: ${e.message}`)),
      CLEANUP_EVERY_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /**
   * Claims `key` in `scope` for a request whose body hashes to `requestHash`. Concurrent claims share one
   * statement (see `claimMany`). `recovery`, when given, is written with the claim as its recovery point,
   * saving the handler a round trip.
   */
  claim(
    scope: string,
    key: string,
    requestHash: string,
    recovery: Record<string, unknown> | null = null,
  ): Promise<ClaimResult> {
    return this.claims.submit({ scope, key, requestHash, recovery });
  }

  /**
   * One statement for many claims. Its outer SELECT runs on the statement's snapshot, so a claim committed
   * by a concurrent request an instant ago can show as no row: that request is by definition still running.
   * A key twice in one batch would make ON CONFLICT touch its row twice: the repeats go in a second statement,
   * which sees the first one's claim. Keys go in sorted, so concurrent statements take their locks in one order.
   */
  private claimMany(claims: Claim[]): Promise<ClaimResult[]> {
    return runByUniqueKey(
      claims,
      (c) => `${c.scope}\n${c.key}`,
      compareClaims,
      async (unique) => {
        const rows: ClaimRow[] = await this.db.query(
          named('idempotency_claim_many', CLAIM_MANY, [
            unique.map((c) => c.scope),
            unique.map((c) => c.key),
            unique.map((c) => c.requestHash),
            unique.map((c) => (c.recovery === null ? null : JSON.stringify(c.recovery))),
            ABANDONED_AFTER_S,
          ]),
        );
        return rows.map((row, i) => toClaimResult(row, unique[i].requestHash));
      },
    );
  }

  /**
   * Written before the credits move (in their transaction, or committed on its
   * own just before a one-statement move): what a later request with the same
   * key needs to finish the answer if this one dies after the move.
   */
  async checkpoint(
    scope: string,
    key: string,
    recovery: Record<string, unknown>,
    tx: EntityManager = this.db.manager,
  ): Promise<void> {
    await tx.query(
      `UPDATE idempotency_keys SET response = $3 WHERE scope = $1 AND key = $2 AND status_code IS NULL`,
      [scope, key, JSON.stringify(recovery)],
    );
  }

  /**
   * Stores the response; pass the transaction that moved the credits so both commit or neither does.
   * Without one, concurrent completions share one statement. The body is kept as its serialised text
   * (a jsonb string), so a replay is byte for byte the first answer.
   */
  async complete(
    scope: string,
    key: string,
    status: number,
    body: unknown,
    tx?: EntityManager,
  ): Promise<void> {
    const completion = { scope, key, status, body: JSON.stringify(body) };
    if (!tx) return this.completions.submit(completion);
    await tx.query(named('idempotency_complete_many', COMPLETE_MANY, completeParams([completion])));
  }

  /**
   * Gives the key back (the request failed before doing anything), so the client may retry it.
   * `claimed` is the recovery point written with the claim, which the handler never came to use.
   */
  async release(scope: string, key: string, claimed: Record<string, unknown> | null = null): Promise<void> {
    await this.db.query(
      `DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND status_code IS NULL AND (response IS NULL OR response = $3::jsonb)`,
      [scope, key, claimed === null ? null : JSON.stringify(claimed)],
    );
  }

  /** Deletes keys older than IDEMPOTENCY_TTL_HOURS, in batches so no lock is held for long. */
  async cleanup(): Promise<number> {
    let total = 0;
    for (;;) {
      const rows: unknown[] = await this.db.query(
        `WITH old AS (
           SELECT scope, key FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1) LIMIT $2
         ), deleted AS (
           DELETE FROM idempotency_keys k USING old WHERE k.scope = old.scope AND k.key = old.key RETURNING 1
         ) SELECT 1 FROM deleted`,
        [this.config.IDEMPOTENCY_TTL_HOURS, CLEANUP_BATCH],
      );
      total += rows.length;
      if (rows.length < CLEANUP_BATCH) return total;
    }
  }
}

const CLAIM_MANY = `WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[]) WITH ORDINALITY AS i(scope, key, request_hash, response, ord)
  ), claimed AS (
    INSERT INTO idempotency_keys (scope, key, request_hash, response)
    SELECT scope, key, request_hash, response FROM input ORDER BY ord
    ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, response = EXCLUDED.response, created_at = now()
      WHERE idempotency_keys.status_code IS NULL AND idempotency_keys.response IS NULL
        AND idempotency_keys.created_at < now() - make_interval(secs => $5)
    RETURNING scope, key
  )
  SELECT c.key IS NOT NULL AS claimed, k.request_hash, k.status_code, k.response,
         k.created_at < now() - make_interval(secs => $5) AS abandoned
  FROM input i
  LEFT JOIN claimed c ON c.scope = i.scope AND c.key = i.key
  LEFT JOIN idempotency_keys k ON k.scope = i.scope AND k.key = i.key
  ORDER BY i.ord`;

const COMPLETE_MANY = `UPDATE idempotency_keys k SET status_code = c.status, response = to_jsonb(c.body)
  FROM unnest($1::text[], $2::text[], $3::int[], $4::text[]) AS c(scope, key, status, body)
  WHERE k.scope = c.scope AND k.key = c.key`;

const completeParams = (c: Completion[]) => [
  c.map((x) => x.scope),
  c.map((x) => x.key),
  c.map((x) => x.status),
  c.map((x) => x.body),
];

const compareClaims = (a: { scope: string; key: string }, b: { scope: string; key: string }) =>
  a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

function toClaimResult(row: ClaimRow, requestHash: string): ClaimResult {
  if (row.claimed) return { kind: 'claimed' };
  if (row.request_hash !== null && row.request_hash !== requestHash) return { kind: 'conflict' };
  if (row.status_code !== null)
    return { kind: 'replay', status: row.status_code, body: row.response as string };
  if (row.response !== null && row.abandoned)
    return { kind: 'resume', recovery: row.response as Record<string, unknown> };
  return { kind: 'in_progress' };
}

/**
 * A named statement for the per-request queries: TypeORM hands the query to pg's
 * client.query as is, and pg then parses it once per connection instead of every time.
 */
function named(name: string, text: string, values: unknown[]): string {
  return { name, text, values } as unknown as string;
}
