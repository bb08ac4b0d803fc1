import { z } from 'zod';

export const AGENT_TYPES = ['planner', 'image', 'frontend', 'testing'] as const;
export const agentTypeSchema = z.enum(AGENT_TYPES);
export type AgentType = z.infer<typeof agentTypeSchema>;

/** `system` speaks for the build itself (initialisation and the final message). */
export const MESSAGE_AGENT_TYPES = ['system', ...AGENT_TYPES] as const;
export const messageAgentTypeSchema = z.enum(MESSAGE_AGENT_TYPES);
export type MessageAgentType = z.infer<typeof messageAgentTypeSchema>;

export const AGENT_STATUSES = ['thinking', 'waiting', 'working', 'completed', 'warning', 'error'] as const;
export const agentStatusSchema = z.enum(AGENT_STATUSES);
export type AgentStatus = z.infer<typeof agentStatusSchema>;

export interface AgentPhase {
  emoji: string;
  label: string;
  /** Inclusive progress range this agent reports inside. */
  progress: { from: number; to: number };
}

/** The specification's phases: emoji and progress range per agent (their texts: agent-messages.ts). */
export const AGENT_PHASES: Record<AgentType, AgentPhase> = {
  planner: {
    emoji: '🧠',
    label: 'Planner Agent',
    progress: { from: 10, to: 25 },
  },
  image: {
    emoji: '🖼️',
    label: 'Image Agent',
    progress: { from: 30, to: 55 },
  },
  frontend: {
    emoji: '🎨',
    label: 'Frontend Agent',
    progress: { from: 60, to: 85 },
  },
  testing: {
    emoji: '🧪',
    label: 'Testing Agent',
    progress: { from: 90, to: 99 },
  },
};

export const SYSTEM_PHASES = {
  init: { emoji: '🚀', label: 'Initializing Agent', progress: 0 },
  build: { emoji: '🏗️', label: 'Building', progress: 100 },
} as const;

export const STATUS_STYLE: Record<
  AgentStatus,
  { emoji: string; label: string; border?: string; background?: string }
> = {
  thinking: { emoji: '🤔', label: 'Thinking...', border: '#6366f1' },
  waiting: { emoji: '⏸️', label: 'Waiting...', border: '#f59e0b' },
  working: { emoji: '⚙️', label: 'Working...', border: '#10b981' },
  completed: { emoji: '✅', label: 'Complete', background: '#0a1f0a' },
  warning: { emoji: '⚠️', label: 'Warning', background: '#1f1a0a' },
  error: { emoji: '❌', label: 'Error', background: '#1f0a0a' },
};

/** The order of the chain: each stage reads the return value of the one before. */
export const AGENT_ORDER: readonly AgentType[] = AGENT_TYPES;
/** The stage whose completion means the site was built. */
export const LAST_AGENT: AgentType = AGENT_ORDER[AGENT_ORDER.length - 1];

/**
 * Who speaks a message, as the specification shows it: the system initialises (🚀, before any agent has
 * moved the build on) and builds (🏗️). A system message once the build is under way (an over-budget
 * warning, a failure, a stop) is the build speaking, not its initialisation.
 */
export function speakerOf(agentType: MessageAgentType, progress: number): { emoji: string; label: string } {
  if (agentType !== 'system') return AGENT_PHASES[agentType];
  return progress > SYSTEM_PHASES.init.progress ? SYSTEM_PHASES.build : SYSTEM_PHASES.init;
}
