import { AGENT_QUEUES } from '@autowebiq/bus';
import { AGENT_ORDER, jobIds, redisKeys, type AgentType } from '@autowebiq/contracts';
import type { Redis } from 'ioredis';

/** The stages of a build whose BullMQ job is in Redis (in any state), in pipeline order. */
export async function queuedStages(redis: Redis, prefix: string, buildId: string): Promise<AgentType[]> {
  const present = await Promise.all(
    AGENT_ORDER.map((agent) =>
      redis.exists(`${redisKeys.bullPrefix(prefix)}:${AGENT_QUEUES[agent]}:${jobIds.agent(buildId, agent)}`),
    ),
  );
  return AGENT_ORDER.filter((_, i) => present[i] === 1);
}
