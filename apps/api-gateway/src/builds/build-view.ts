import type { AgentModels, BuildResponse, BuildStatus, TokenUsage } from '@autowebiq/contracts';
import type { BuildEstimate } from '@autowebiq/db';
import { microToCredits } from '@autowebiq/pricing';

/** The builds columns every view needs; created_at also as exact text for cursors. */
export const BUILD_COLUMNS = `id, status, prompt, models, estimate, reserved_micro, spent_micro, refunded_micro, usage,
  failure_reason, cancel_requested_at, created_at, started_at, finished_at,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_exact`;

export interface BuildRow {
  id: string;
  status: BuildStatus;
  prompt: string;
  models: AgentModels;
  estimate: BuildEstimate | null;
  reserved_micro: string;
  spent_micro: string;
  refunded_micro: string;
  usage: TokenUsage | null;
  failure_reason: string | null;
  cancel_requested_at: Date | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  created_at_exact: string;
}

const credits = (micro: string) => microToCredits(BigInt(micro));
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A build on the wire. `previewUrl` is only given for builds whose site exists. */
export function toBuildResponse(row: BuildRow, previewUrl: string | null = null): BuildResponse {
  const start = row.started_at ?? row.created_at;
  return {
    id: row.id,
    status: row.status,
    prompt: row.prompt,
    models: row.models,
    reserved: credits(row.reserved_micro),
    spent: credits(row.spent_micro),
    refunded: credits(row.refunded_micro),
    reserved_micro: String(row.reserved_micro),
    spent_micro: String(row.spent_micro),
    refunded_micro: String(row.refunded_micro),
    estimate: row.estimate
      ? { low: credits(row.estimate.low_micro), expected: credits(row.estimate.expected_micro), high: credits(row.estimate.high_micro) }
      : null,
    usage: row.usage,
    failure_reason: row.failure_reason,
    site_url: row.status === 'completed' ? `/v1/builds/${row.id}/site/index.html` : null,
    preview_url: previewUrl,
    created_at: row.created_at.toISOString(),
    started_at: iso(row.started_at),
    finished_at: iso(row.finished_at),
    duration_s: row.finished_at ? Math.round((row.finished_at.getTime() - start.getTime()) / 100) / 10 : null,
    cancel_requested_at: iso(row.cancel_requested_at),
  };
}
