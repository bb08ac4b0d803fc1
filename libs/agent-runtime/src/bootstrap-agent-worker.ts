import {
  BullMqServer,
  exitAfterGrace,
  KeepRpcErrorsFilter,
  startHealthServer,
  AGENT_QUEUES,
  type BullMqServerEvents,
} from '@autowebiq/bus';
import { loadConfig, nestLogLevels } from '@autowebiq/config';
import type { AgentType } from '@autowebiq/contracts';
import { Logger, Module, type INestMicroservice, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Job } from 'bullmq';
import { AgentResources } from './agent-resources';
import { AgentRuntimeModule } from './agent-runtime.module';
import { PipelineFinalizer } from './pipeline-finalizer';

/**
 * Starts one agent worker: a NestJS microservice on the BullMQ transport for the
 * agent's queue, with the agent's module (its @EventPattern controller and
 * service), the internal /healthz + /metrics port, and graceful shutdown on
 * SIGTERM/SIGINT (jobs in flight finish or go back to the queue).
 */
export async function bootstrapAgentWorker(
  agent: AgentType,
  agentModule: Type<unknown>,
): Promise<INestMicroservice> {
  const config = loadConfig();
  const logger = new Logger(`worker-${agent}`);
  const resources = await AgentResources.create(agent, config);
  const server = new BullMqServer({
    redisUrl: config.REDIS_URL,
    prefix: config.REDIS_PREFIX,
    queue: AGENT_QUEUES[agent],
    concurrency: config.WORKER_CONCURRENCY,
    lockDurationMs: config.JOB_LOCK_MS,
    shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
    cancelFlag: resources.cancelFlag,
  });

  @Module({ imports: [AgentRuntimeModule.register(resources), agentModule] })
  class WorkerRootModule {}

  const app = await NestFactory.createMicroservice(WorkerRootModule, {
    strategy: server,
    logger: nestLogLevels(config.LOG_LEVEL),
  });
  app.useGlobalFilters(new KeepRpcErrorsFilter());
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  const finalizer = app.get(PipelineFinalizer);
  app.on<BullMqServerEvents>('completed', (job: Job) => void finalizer.onCompleted(job));
  app.on<BullMqServerEvents>(
    'failed',
    (job: Job, error: Error, final: boolean) => void finalizer.onFailed(job, error, final),
  );
  await app.listen();

  const health = await startHealthServer({
    service: `worker-${agent}`,
    port: config.HEALTH_PORT,
    host: config.HOST,
    check: () => resources.healthy(),
  });
  const stopping = () => {
    void health.close();
    exitAfterGrace(config.SHUTDOWN_GRACE_MS);
  };
  process.once('SIGTERM', stopping);
  process.once('SIGINT', stopping);
  logger.log(
    `consuming ${AGENT_QUEUES[agent]} (concurrency ${config.WORKER_CONCURRENCY}, provider ${config.LLM_PROVIDER}); health on :${health.port}`,
  );
  return app;
}
