import { z } from 'zod';
import { agentModelsSchema } from './builds';
import { QueueName } from './queues';

/**
 * The payload every agent job of one build carries. The chain's stages read
 * their predecessor's result through BullMQ's children values, not from here.
 */
export const agentJobPayloadSchema = z.object({
  build_id: z.string().uuid(),
  account_id: z.string().uuid(),
  prompt: z.string().min(1),
  models: agentModelsSchema,
});
export type AgentJobPayload = z.infer<typeof agentJobPayloadSchema>;

export const settleJobPayloadSchema = z.object({
  build_id: z.string().uuid(),
  /** Why the settle was asked for; the outcome itself is read from Postgres (the build row and its agent runs). */
  trigger: z.enum(['pipeline_finished', 'pipeline_failed', 'cancelled', 'over_budget', 'hold_expired']),
  reason: z.string().max(2000).optional(),
});
export type SettleJobPayload = z.infer<typeof settleJobPayloadSchema>;

/**
 * BullMQ job names: each worker's `@EventPattern` is the job's name. Persisted in
 * queued jobs, so never rename a value.
 */
export const jobNames = {
  planner: 'planner',
  image: 'image',
  frontend: 'frontend',
  testing: 'testing',
  settle: 'settle',
} as const;

/**
 * The jobs each queue carries. A process consuming a queue must handle every one of them: BullMqServer
 * refuses to start otherwise, so a miswired worker fails at boot instead of failing every build.
 */
export const QUEUE_JOBS: Record<QueueName, readonly string[]> = {
  [QueueName.Planner]: [jobNames.planner],
  [QueueName.Image]: [jobNames.image],
  [QueueName.Frontend]: [jobNames.frontend],
  [QueueName.Testing]: [jobNames.testing],
  [QueueName.BillingSettle]: [jobNames.settle],
};

/** BullMQ job ids derived from the build id, so re-adding a flow is a no-op. */
export const jobIds = {
  agent: (buildId: string, agent: string) => `${buildId}.${agent}`,
  settle: (buildId: string) => `${buildId}.settle`,
};
