import { STATUS_STYLE, speakerOf, type AgentMessageEvent, type AgentStatus } from '@autowebiq/contracts';

export interface MessageHeading {
  agentEmoji: string;
  agentLabel: string;
  statusEmoji: string;
  statusLabel: string;
}

export function headingOf(e: Pick<AgentMessageEvent, 'agent_type' | 'status' | 'progress'>): MessageHeading {
  const status = STATUS_STYLE[e.status];
  const phase = speakerOf(e.agent_type, e.progress);
  return {
    agentEmoji: phase.emoji,
    agentLabel: phase.label,
    statusEmoji: status.emoji,
    statusLabel: status.label,
  };
}

/** "🧠 Planner Agent 🤔 Thinking... [10%]", as the specification shows it. */
export function headingText(e: Pick<AgentMessageEvent, 'agent_type' | 'status' | 'progress'>): string {
  const h = headingOf(e);
  return `${h.agentEmoji} ${h.agentLabel} ${h.statusEmoji} ${h.statusLabel} [${e.progress}%]`;
}

/** Status colours: a border for the in-flight states, a background tint for the outcomes. */
export function statusColours(status: AgentStatus): { border?: string; background?: string } {
  const { border, background } = STATUS_STYLE[status];
  return { border, background };
}
