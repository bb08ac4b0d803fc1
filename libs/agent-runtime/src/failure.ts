import { BuildCancelledError, WorkerShutdownError } from '@autowebiq/bus';
import { AGENT_PHASES, type AgentType } from '@autowebiq/contracts';
import { LlmProviderError } from '@autowebiq/llm';

export type FailureKind = 'cancelled' | 'shutdown' | 'failed';

export interface Failure {
  kind: FailureKind;
  /** Words for the person who asked for the build. */
  reason: string;
  /** Whether another attempt could succeed (false: a bad request, a cancel). */
  retryable: boolean;
}

/** Classifies what ended an agent's attempt, with a reason a person understands. */
export function describeFailure(agent: AgentType, error: unknown): Failure {
  const label = AGENT_PHASES[agent].label;
  if (error instanceof BuildCancelledError)
    return { kind: 'cancelled', reason: error.message, retryable: false };
  if (error instanceof WorkerShutdownError)
    return { kind: 'shutdown', reason: error.message, retryable: true };
  if (error instanceof LlmProviderError)
    return { kind: 'failed', reason: `${label}: ${error.message}`, retryable: error.retryable };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'failed', reason: `${label} stopped on an internal error: ${message}`, retryable: true };
}

/** BullMQ's words for a job whose workers kept dying, in words for people. */
export function describeJobFailure(agent: AgentType, message: string): string {
  if (message === 'job stalled more than allowable limit') {
    return `${AGENT_PHASES[agent].label}: its worker stopped unexpectedly several times while working on the build`;
  }
  return message;
}
