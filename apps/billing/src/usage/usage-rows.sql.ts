import type { UsageEvent } from '@autowebiq/contracts';

/** A usage event ready to store: its owner checked and its price computed with the build's table. */
export interface PricedUsage {
  event: UsageEvent;
  accountId: string;
  creditsMicro: bigint;
}

/**
 * Set-based insert of usage rows into `table`: one statement for the whole batch, and
 * a row whose event id is already stored is skipped (the exactly-once guard).
 * The bench runs the same statement alone as the ceiling of what billing can reach.
 */
export const insertUsageRowsSql = (table = 'usage_events') => `
  INSERT INTO ${table} (event_id, build_id, account_id, agent, model, attempt, call_index,
                        input_tokens, output_tokens, images, credits_micro, duration_ms, occurred_at)
  SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::int[], $7::int[],
                       $8::int[], $9::int[], $10::int[], $11::bigint[], $12::int[], $13::timestamptz[])
  ON CONFLICT (event_id) DO NOTHING`;

/**
 * The statement's parameters: one Postgres array literal per column, written here in one pass
 * instead of handing pg thirteen arrays of values to convert and escape one element at a time
 * (with 20,000-row batches that was a tenth of billing's CPU). The events must be as
 * `parseUsageEntry` accepts them: ids, UUIDs and the agent are then made of `[0-9A-Za-z:-]`
 * only and go into the literal as they are; the model and the timestamp, free text, are quoted.
 */
export function usageRowParams(rows: PricedUsage[]): string[] {
  const n = rows.length;
  const eventIds = new Array<string>(n);
  const buildIds = new Array<string>(n);
  const accountIds = new Array<string>(n);
  const agents = new Array<string>(n);
  const models = new Array<string>(n);
  const attempts = new Array<number>(n);
  const calls = new Array<number>(n);
  const inputs = new Array<number>(n);
  const outputs = new Array<number>(n);
  const images = new Array<number>(n);
  const credits = new Array<string>(n);
  const durations = new Array<number>(n);
  const times = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const { event: e, accountId, creditsMicro } = rows[i];
    eventIds[i] = e.event_id;
    buildIds[i] = e.build_id;
    accountIds[i] = accountId;
    agents[i] = e.agent;
    models[i] = quote(e.model);
    attempts[i] = e.attempt;
    calls[i] = e.call_index;
    inputs[i] = e.input_tokens;
    outputs[i] = e.output_tokens;
    images[i] = e.images;
    credits[i] = creditsMicro.toString();
    durations[i] = e.duration_ms;
    times[i] = quote(e.ts);
  }
  return [
    eventIds,
    buildIds,
    accountIds,
    agents,
    models,
    attempts,
    calls,
    inputs,
    outputs,
    images,
    credits,
    durations,
    times,
  ].map((elements) => `{${elements.join(',')}}`);
}

const NEEDS_ESCAPE = /["\\]/;

/** One element of an array literal: double-quoted (so NULL, spaces, commas and braces stay text), `"` and `\` escaped. */
const quote = (s: string) => (NEEDS_ESCAPE.test(s) ? `"${s.replace(/["\\]/g, '\\$&')}"` : `"${s}"`);
