/** Messages between the bench's orchestrator and its child processes (clients, baseline server). */

export interface SocketPlan {
  /** API key for the realtime node; the baseline server takes any. */
  token: string;
  buildId: string;
}

export type ToClients =
  { type: 'connect'; url: string; plan: SocketPlan[] } | { type: 'report' } | { type: 'close' };

export interface ClientReport {
  sockets: number;
  delivered: number;
  /** Events that arrived with a seq other than the next one for their socket (duplicates, gaps, reordering). */
  outOfOrder: number;
  /** Append (just before the publisher's call) → receipt by the client. */
  latenciesMs: { p50: number; p90: number; p99: number; max: number };
  /** Per build: its sockets, the lowest and highest last seq they reached, and their receipts. */
  perBuild: Record<string, { sockets: number; minLastSeq: number; maxLastSeq: number; received: number }>;
}

export type FromClients =
  | { type: 'ready'; connectMs: number }
  | { type: 'delivered'; delivered: number }
  | { type: 'report'; report: ClientReport }
  | { type: 'error'; message: string };

export type ToBaseline = { type: 'run'; buildIds: string[]; eventsPerSecond: number; seconds: number };
export type FromBaseline =
  { type: 'listening'; url: string } | { type: 'done'; perBuild: Record<string, number> };

/** Wall-clock milliseconds with sub-millisecond precision, comparable between processes on one machine. */
export const nowMs = () => performance.timeOrigin + performance.now();

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A realistic agent_message body (about the size the workers send); the send time rides in `details`. */
export const benchMessage = (sentAt: number) => ({
  type: 'agent_message' as const,
  agent_type: 'frontend' as const,
  message: 'Applying design customizations...',
  status: 'working' as const,
  progress: 65,
  tokens_used: 2800,
  credits_used: 2.8,
  details: [String(sentAt), 'Optimizing layout and responsiveness...'],
});
