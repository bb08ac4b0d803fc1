import type { EventPublisher, UsagePublisher } from '@autowebiq/bus';
import {
  AGENT_PHASES,
  type AgentMessageKey,
  type AgentMessages,
  type AgentMessageValues,
  type AgentStatus,
  type AgentType,
} from '@autowebiq/contracts';
import {
  toUsageEvent,
  type ChatRequest,
  type ChatResult,
  type ImageRequest,
  type ImageResult,
  type LlmProgress,
  type LlmProvider,
} from '@autowebiq/llm';
import { billableTokens, microToCredits, priceUsage } from '@autowebiq/pricing';
import type { BuildInfo } from './build-store';

export interface SessionDeps {
  events: EventPublisher;
  usage: UsagePublisher;
  llm: LlmProvider;
  /** How often a streamed call may refresh the running token count on the build's messages. */
  runningCountIntervalMs: number;
  /** What the agent's messages say: the catalogue with the operator's AGENT_MESSAGES_FILE applied. */
  messages: AgentMessages;
}

export interface SayOptions {
  /** Where in the agent's progress range this message stands, 0 (its start) to 1 (its end). Never moves back. */
  at?: number;
  details?: string[];
}

export type SessionChatRequest = Omit<ChatRequest, 'agent' | 'model' | 'signal' | 'onProgress'>;
export type SessionImageRequest = Omit<ImageRequest, 'agent' | 'model' | 'signal'>;

/** The abort signal's reason, or a plain error when the signal carried none. */
export function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('The job was aborted');
}

/**
 * One attempt of one agent on one build: sends its messages (progress inside
 * the agent's range, never backwards; tokens and credits so far on each), makes
 * its model calls (one usage event per successful call, ids carrying the
 * attempt), and stops between calls, or mid-call, when the job's signal aborts.
 */
export class AgentSession {
  private progress: number;
  private tokens = 0n;
  private creditsMicro = 0n;
  private calls = 0;
  private sending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: SessionDeps,
    readonly agent: AgentType,
    readonly build: BuildInfo,
    readonly attempt: number,
    readonly signal: AbortSignal,
  ) {
    this.progress = AGENT_PHASES[agent].progress.from;
  }

  get model(): string {
    return this.build.models[this.agent];
  }

  get tokensUsed(): number {
    return Number(this.tokens);
  }

  get creditsUsedMicro(): bigint {
    return this.creditsMicro;
  }

  /** Sends an agent_message; resolves once it is in the build's stream. */
  say(status: AgentStatus, message: string, options: SayOptions = {}): Promise<void> {
    if (options.at !== undefined) this.progress = Math.max(this.progress, this.progressAt(options.at));
    return this.send(status, message, this.tokens, this.creditsMicro, options.details);
  }

  /** A text of the message catalogue, its placeholders filled in; what `say` and `chat` are given. */
  text<K extends AgentMessageKey>(key: K, ...values: AgentMessageValues<K>): string {
    return this.deps.messages.text(key, ...values);
  }

  throwIfCancelled(): void {
    if (this.signal.aborted) throw abortReason(this.signal);
  }

  /** One model call; `activity` is what the running-count messages say while it streams. */
  async chat(activity: string, request: SessionChatRequest): Promise<ChatResult> {
    this.throwIfCancelled();
    const callIndex = this.calls++;
    let lastReport = 0;
    const onProgress = (p: LlmProgress) => {
      const now = Date.now();
      if (now - lastReport < this.deps.runningCountIntervalMs) return;
      lastReport = now;
      void this.sendRunningCount(activity, p).catch(() => undefined);
    };
    const result = await this.guard(() =>
      this.deps.llm.chat({
        ...request,
        agent: this.agent,
        model: this.model,
        signal: this.signal,
        onProgress,
      }),
    );
    await this.meter(result, callIndex);
    return result;
  }

  async image(request: SessionImageRequest): Promise<ImageResult> {
    this.throwIfCancelled();
    const callIndex = this.calls++;
    const result = await this.guard(() =>
      this.deps.llm.image({ ...request, agent: this.agent, model: this.model, signal: this.signal }),
    );
    await this.meter(result, callIndex);
    return result;
  }

  /** Waits for every message sent so far to be in Redis (and rethrows a failed send). */
  async flush(): Promise<void> {
    await this.sending;
  }

  private progressAt(at: number): number {
    const { from, to } = AGENT_PHASES[this.agent].progress;
    return Math.round(from + Math.min(1, Math.max(0, at)) * (to - from));
  }

  /**
   * Messages of one session go out one after another, so running counts never
   * overtake the message before them. A failed send fails its own caller only.
   */
  private send(
    status: AgentStatus,
    message: string,
    tokens: bigint,
    micro: bigint,
    details?: string[],
  ): Promise<void> {
    const progress = this.progress;
    const next = this.sending
      .catch(() => undefined)
      .then(() =>
        // A worker thawed after its job ran elsewhere and the build ended must not speak after the end.
        this.deps.events.publishWhileOpen(this.build.accountId, this.build.id, {
          type: 'agent_message',
          agent_type: this.agent,
          message,
          status,
          progress,
          tokens_used: Number(tokens),
          credits_used: microToCredits(micro),
          ...(details?.length ? { details } : {}),
        }),
      );
    this.sending = next;
    return next.then(() => undefined);
  }

  private sendRunningCount(activity: string, p: LlmProgress): Promise<void> {
    const usage = { model: this.model, input_tokens: p.inputTokens, output_tokens: p.outputTokens };
    const running = billableTokens(this.build.priceTable, usage);
    const micro = this.build.priceTable.models[this.model] ? priceUsage(this.build.priceTable, usage) : 0n;
    return this.send(
      'working',
      this.text('agent.running_count', {
        activity,
        tokens: (this.tokens + running).toLocaleString('en-US'),
      }),
      this.tokens + running,
      this.creditsMicro + micro,
    );
  }

  /** A call that failed because the job was aborted reports the abort's reason (a cancel, a shutdown). */
  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (this.signal.aborted) throw abortReason(this.signal);
      throw error;
    }
  }

  private async meter(result: ChatResult | ImageResult, callIndex: number): Promise<void> {
    const event = toUsageEvent(result, {
      buildId: this.build.id,
      accountId: this.build.accountId,
      agent: this.agent,
      attempt: this.attempt,
      callIndex,
    });
    await this.deps.usage.publish(event);
    this.tokens += billableTokens(this.build.priceTable, event);
    this.creditsMicro += priceUsage(this.build.priceTable, event);
  }
}
