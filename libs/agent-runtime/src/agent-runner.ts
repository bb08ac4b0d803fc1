import type { BullMqContext } from '@autowebiq/bus';
import {
  agentJobPayloadSchema,
  AGENT_ORDER,
  SYSTEM_PHASES,
  type AgentJobPayload,
  type AgentType,
} from '@autowebiq/contracts';
import { Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { ZodType } from 'zod';
import type { AgentResources } from './agent-resources';
import { AgentSession } from './agent-session';
import type { BuildInfo, BuildStore } from './build-store';
import { describeFailure } from './failure';
import { predecessorResult } from './stage-results';

export type AgentWork<R, P> = (session: AgentSession, payload: AgentJobPayload, previous: P) => Promise<R>;

/**
 * The part every agent job shares: validates the payload, checks the build may
 * still run, records the attempt in agent_runs (running → completed / failed /
 * cancelled), opens the build's progress (the first agent), runs the agent's
 * work in a session and turns whatever stopped it into a reason a person reads.
 */
export class AgentRunner {
  private readonly logger = new Logger(AgentRunner.name);

  constructor(
    private readonly resources: AgentResources,
    private readonly store: BuildStore,
    private readonly runningCountIntervalMs = 500,
  ) {}

  /** `previous` validates the return value of the stage before (none for the first stage). */
  async run<R, P = undefined>(
    agent: AgentType,
    rawPayload: unknown,
    ctx: BullMqContext,
    work: AgentWork<R, P>,
    previous?: ZodType<P>,
  ): Promise<R> {
    const parsed = agentJobPayloadSchema.safeParse(rawPayload);
    if (!parsed.success)
      throw new UnrecoverableError(`Invalid ${agent} job payload: ${parsed.error.message}`);
    const payload = parsed.data;
    const build = await this.store.load(payload.build_id);
    if (!build) throw new UnrecoverableError(`Build ${payload.build_id} does not exist`);
    refuseUnless(build, ['queued', 'running']);
    if (ctx.signal.aborted) throw new UnrecoverableError(describeFailure(agent, ctx.signal.reason).reason);
    if (agent === AGENT_ORDER[0]) await this.openBuild(build);

    const session = new AgentSession(
      {
        events: this.resources.events,
        usage: this.resources.usage,
        llm: this.resources.llm,
        runningCountIntervalMs: this.runningCountIntervalMs,
        messages: this.resources.messages,
      },
      agent,
      build,
      ctx.attempt,
      ctx.signal,
    );
    await this.store.startRun(build.id, agent, ctx.attempt, session.model);
    try {
      const handover = previous
        ? predecessorResult(previous, await ctx.getPredecessorResult())
        : (undefined as P);
      const result = await work(session, payload, handover);
      await session.flush();
      await this.store.finishRun(build.id, agent, ctx.attempt, 'completed');
      return result;
    } catch (error) {
      throw await this.fail(session, ctx, error);
    }
  }

  /**
   * The first agent announces the build and marks it running (once, whichever attempt gets there). A build
   * that is not queued any more is either running already (a later attempt) or was stopped since it was
   * loaded, by a cancel that committed in between: then the agent must not start.
   */
  private async openBuild(build: BuildInfo): Promise<void> {
    if (!(await this.store.markRunning(build.id))) {
      refuseUnless(await this.store.load(build.id), ['running']);
      return;
    }
    await this.resources.events.publishBuildEvent(build.accountId, build.id, {
      type: 'agent_message',
      agent_type: 'system',
      message: this.resources.messages.text('system.init'),
      status: 'working',
      progress: SYSTEM_PHASES.init.progress,
      tokens_used: 0,
      credits_used: 0,
    });
  }

  /** Records and announces the end of a failed attempt; returns what the job must throw. */
  private async fail(session: AgentSession, ctx: BullMqContext, error: unknown): Promise<Error> {
    const { agent, build, attempt } = session;
    const failure = describeFailure(agent, error);
    const final = failure.kind === 'cancelled' || !failure.retryable || ctx.isLastAttempt;
    await session.flush().catch(() => undefined);
    await this.store
      .finishRun(build.id, agent, attempt, failure.kind === 'cancelled' ? 'cancelled' : 'failed')
      .catch((e: Error) => this.logger.warn(`agent_runs of ${build.id} not updated: ${e.message}`));
    if (failure.kind === 'shutdown') return error as Error;
    this.logger.warn(`${agent} attempt ${attempt} of build ${build.id}: ${failure.reason}`);
    const announce =
      failure.kind === 'cancelled'
        ? session.say('warning', session.text('agent.stopped', { reason: failure.reason.toLowerCase() }))
        : final
          ? session.say('error', failure.reason)
          : session.say(
              'warning',
              session.text('agent.retrying', {
                reason: failure.reason,
                attempt: ctx.retryNumber,
                attempts: ctx.maxAttempts,
              }),
            );
    await announce.catch((e: Error) => this.logger.warn(`message of ${build.id} not sent: ${e.message}`));
    return final ? new UnrecoverableError(failure.reason) : new Error(failure.reason);
  }
}

/** Stops the job for good unless the build is unsettled and in one of `statuses`. */
function refuseUnless(build: BuildInfo | null, statuses: readonly BuildInfo['status'][]): void {
  if (build && !build.settled && statuses.includes(build.status)) return;
  throw new UnrecoverableError(`The build is already ${(build?.status ?? 'gone').replace('_', ' ')}`);
}
