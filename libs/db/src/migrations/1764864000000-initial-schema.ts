import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole first schema. Money columns are bigint micro-credits; the ledger
 * refuses negative wallets and holds at the database level, not only in code.
 */
export class InitialSchema1764864000000 implements MigrationInterface {
  name = 'InitialSchema1764864000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE accounts (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts(id),
        name text,
        prefix text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      CREATE INDEX api_keys_account_idx ON api_keys (account_id);

      CREATE TABLE ledger_accounts (
        id text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('wallet', 'hold', 'system')),
        account_id uuid REFERENCES accounts(id),
        build_id uuid,
        balance bigint NOT NULL DEFAULT 0,
        released_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ledger_accounts_never_negative CHECK (kind = 'system' OR balance >= 0)
      );
      CREATE INDEX ledger_accounts_open_holds_idx ON ledger_accounts (account_id) WHERE kind = 'hold' AND released_at IS NULL;

      CREATE TABLE transfers (
        id bigserial PRIMARY KEY,
        from_account text NOT NULL REFERENCES ledger_accounts(id),
        to_account text NOT NULL REFERENCES ledger_accounts(id),
        amount bigint NOT NULL CHECK (amount > 0),
        operation text NOT NULL,
        reason text NOT NULL,
        account_id uuid REFERENCES accounts(id),
        build_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (from_account <> to_account)
      );
      CREATE INDEX transfers_account_idx ON transfers (account_id, id DESC);
      CREATE INDEX transfers_build_idx ON transfers (build_id) WHERE build_id IS NOT NULL;

      CREATE TABLE builds (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts(id),
        status text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled', 'over_budget')),
        prompt text NOT NULL,
        models jsonb NOT NULL,
        price_table jsonb NOT NULL,
        estimate jsonb,
        reserved_micro bigint NOT NULL DEFAULT 0,
        spent_micro bigint NOT NULL DEFAULT 0,
        refunded_micro bigint NOT NULL DEFAULT 0,
        usage jsonb,
        failure_reason text,
        cancel_requested_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        settled_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX builds_account_idx ON builds (account_id, created_at DESC, id DESC);
      CREATE INDEX builds_active_idx ON builds (status, created_at) WHERE settled_at IS NULL;

      CREATE TABLE usage_events (
        event_id text PRIMARY KEY,
        build_id uuid NOT NULL REFERENCES builds(id),
        account_id uuid NOT NULL REFERENCES accounts(id),
        agent text NOT NULL,
        model text NOT NULL,
        attempt int NOT NULL,
        call_index int NOT NULL,
        input_tokens int NOT NULL,
        output_tokens int NOT NULL,
        images int NOT NULL DEFAULT 0,
        credits_micro bigint NOT NULL,
        duration_ms int NOT NULL,
        occurred_at timestamptz NOT NULL,
        settled_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX usage_events_build_idx ON usage_events (build_id);
      CREATE INDEX usage_events_account_time_idx ON usage_events (account_id, occurred_at);

      CREATE TABLE agent_runs (
        build_id uuid NOT NULL REFERENCES builds(id),
        agent text NOT NULL,
        attempt int NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled')),
        model text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        PRIMARY KEY (build_id, agent, attempt)
      );

      CREATE TABLE build_files (
        build_id uuid NOT NULL REFERENCES builds(id),
        path text NOT NULL,
        content_type text NOT NULL,
        content bytea NOT NULL,
        PRIMARY KEY (build_id, path)
      );

      CREATE TABLE build_events (
        build_id uuid NOT NULL REFERENCES builds(id),
        seq int NOT NULL,
        type text NOT NULL,
        payload jsonb NOT NULL,
        PRIMARY KEY (build_id, seq)
      );

      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status_code int,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      );
      CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

      INSERT INTO ledger_accounts (id, kind) VALUES ('system:grants', 'system'), ('system:revenue', 'system');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE idempotency_keys, build_events, build_files, agent_runs, usage_events, builds, transfers,
        ledger_accounts, api_keys, accounts;
    `);
  }
}
