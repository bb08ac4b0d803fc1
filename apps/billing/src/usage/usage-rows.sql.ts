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

/** The statement's parameters: one array per column. */
export function usageRowParams(rows: PricedUsage[]): unknown[] {
  const col = <T>(f: (p: PricedUsage) => T) => rows.map(f);
  return [
    col((p) => p.event.event_id),
    col((p) => p.event.build_id),
    col((p) => p.accountId),
    col((p) => p.event.agent),
    col((p) => p.event.model),
    col((p) => p.event.attempt),
    col((p) => p.event.call_index),
    col((p) => p.event.input_tokens),
    col((p) => p.event.output_tokens),
    col((p) => p.event.images),
    col((p) => p.creditsMicro.toString()),
    col((p) => p.event.duration_ms),
    col((p) => p.event.ts),
  ];
}
