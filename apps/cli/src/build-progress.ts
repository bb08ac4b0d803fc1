import {
  AGENT_ORDER,
  AGENT_PHASES,
  type AgentStatus,
  type AgentType,
  type BalanceResponse,
  type BuildEvent,
} from '@autowebiq/contracts';

export interface AgentProgress {
  /** `pending` until the agent's first message. */
  status: AgentStatus | 'pending';
  /** 0..1 of the agent's own phase (its progress range in the specification). */
  fraction: number;
  tokens: number;
  credits: number;
}

/** What a build's events add up to so far, for the live and the plain views. */
export class BuildProgress {
  readonly agents = Object.fromEntries(
    AGENT_ORDER.map((a) => [a, { status: 'pending', fraction: 0, tokens: 0, credits: 0 }]),
  ) as Record<AgentType, AgentProgress>;
  /** Overall progress 0..100; never goes back. */
  overall = 0;
  status: AgentStatus = 'waiting';
  message = 'Waiting for the first agent...';
  spentMicro = '0';
  reservedMicro: string;
  availableMicro: string;

  constructor(reservedMicro: string, balance: BalanceResponse) {
    this.reservedMicro = reservedMicro;
    this.availableMicro = balance.credits_micro;
  }

  apply(e: BuildEvent): void {
    if (e.type === 'agent_message') {
      this.overall = Math.max(this.overall, e.progress);
      this.status = e.status;
      // The status line is one line: a message's further lines are its details.
      this.message = e.message.split('\n')[0];
      if (e.agent_type === 'system') return;
      const agent = this.agents[e.agent_type];
      const { from, to } = AGENT_PHASES[e.agent_type].progress;
      agent.status = e.status;
      agent.tokens = e.tokens_used;
      agent.credits = e.credits_used;
      const fraction = e.status === 'completed' ? 1 : (e.progress - from) / (to - from);
      agent.fraction = Math.max(agent.fraction, Math.min(1, Math.max(0, fraction)));
    } else if (e.type === 'credits_update') {
      this.availableMicro = e.credits_micro;
      if (e.build_spent_micro !== undefined) this.spentMicro = e.build_spent_micro;
      if (e.build_reserved_micro !== undefined) this.reservedMicro = e.build_reserved_micro;
    }
  }

  /** How much of the hold is spent, 0..1. */
  get spentFraction(): number {
    const reserved = BigInt(this.reservedMicro);
    return reserved > 0n ? Number((BigInt(this.spentMicro) * 1000n) / reserved) / 1000 : 0;
  }
}
