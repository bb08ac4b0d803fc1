import type { BuildEventInput, EventPublisher } from '@autowebiq/bus';
import {
  formatCredits,
  redisKeys,
  SYSTEM_PHASES,
  type AgentMessages,
  type TokenUsage,
} from '@autowebiq/contracts';
import type { BuildEstimate } from '@autowebiq/db';
import type { LedgerService } from '@autowebiq/ledger';
import { microToCredits } from '@autowebiq/pricing';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { creditsUpdate } from '../credits-update';
import type { FinalStatus } from './settle-plan';

/** A settled build as its row says: everything its final events are made of, so they can be sent again after a crash. */
export interface SettledBuild {
  id: string;
  accountId: string;
  status: FinalStatus;
  failureReason: string | null;
  usage: TokenUsage;
  estimate: BuildEstimate | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date;
  reservedMicro: bigint;
  spentMicro: bigint;
  refundedMicro: bigint;
}

interface Published {
  refund: boolean;
  message: boolean;
  terminal: boolean;
}

/** How far back in the build's stream to look for final events already sent. */
const TAIL = 50;

export const siteUrl = (buildId: string) => `/v1/builds/${buildId}/site/index.html`;

/**
 * Sends a settled build's final events — the refund's credits_update, the last
 * system message, then build_complete or build_failed — and copies the build's
 * timeline to Postgres, then stamps the build's final_events_at. Safe to run again:
 * what the build's stream already holds is not sent twice (the events go out in that
 * order, so a crash leaves a prefix).
 */
export class FinalEventsPublisher {
  constructor(
    private readonly redis: Redis,
    private readonly events: EventPublisher,
    private readonly ledger: LedgerService,
    private readonly dataSource: DataSource,
    private readonly prefix: string,
    private readonly messages: AgentMessages,
  ) {}

  async publish(build: SettledBuild): Promise<void> {
    const done = await this.alreadyPublished(build.id);
    if (!done.terminal) {
      if (!done.refund) {
        const balance = await this.ledger.balance(build.accountId);
        await this.send(
          build,
          creditsUpdate(balance, build, { amountMicro: build.refundedMicro, operation: 'refund' }),
        );
      }
      if (!done.message) await this.send(build, finalMessage(build, this.messages));
      await this.send(build, terminalEvent(build));
    }
    await this.archive(build.id);
    await this.dataSource.query(
      `UPDATE builds SET final_events_at = now() WHERE id = $1 AND final_events_at IS NULL`,
      [build.id],
    );
  }

  private send(build: SettledBuild, event: BuildEventInput) {
    return this.events.publishBuildEvent(build.accountId, build.id, event);
  }

  private async alreadyPublished(buildId: string): Promise<Published> {
    const tail = await this.redis.xrevrange(
      redisKeys.buildEvents(this.prefix, buildId),
      '+',
      '-',
      'COUNT',
      TAIL,
    );
    const done: Published = { refund: false, message: false, terminal: false };
    let systemMessageSeen = false;
    // Newest first: a system message counts only if it came after the refund update.
    for (const [, fields] of tail) {
      const event = parseData(fields);
      if (!event) continue;
      if (event.type === 'build_complete' || event.type === 'build_failed') done.terminal = true;
      if (event.type === 'agent_message' && event.agent_type === 'system') systemMessageSeen = true;
      if (
        event.type === 'credits_update' &&
        (event.transaction as { operation?: string } | undefined)?.operation === 'refund'
      ) {
        done.refund = true;
        done.message = systemMessageSeen;
        break;
      }
    }
    return done;
  }

  /** Copies the build's replay stream into build_events; rows already there are left alone. */
  private async archive(buildId: string): Promise<void> {
    const entries = await this.redis.xrange(redisKeys.buildEvents(this.prefix, buildId), '-', '+');
    const rows = entries
      .map(([, fields]) => ({
        seq: Number(field(fields, 'seq')),
        data: field(fields, 'data'),
        event: parseData(fields),
      }))
      .filter((r) => r.event && Number.isInteger(r.seq) && r.seq > 0);
    if (rows.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO build_events (build_id, seq, type, payload)
       SELECT $1, s.seq, s.type, s.payload FROM unnest($2::int[], $3::text[], $4::jsonb[]) AS s(seq, type, payload)
       ON CONFLICT (build_id, seq) DO NOTHING`,
      [buildId, rows.map((r) => r.seq), rows.map((r) => String(r.event?.type)), rows.map((r) => r.data)],
    );
  }
}

function field(fields: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

function parseData(fields: string[]): Record<string, unknown> | null {
  try {
    return JSON.parse(field(fields, 'data') ?? 'null') as Record<string, unknown> | null;
  } catch {
    return null;
  }
}

export function durationSeconds(build: Pick<SettledBuild, 'createdAt' | 'startedAt' | 'finishedAt'>): number {
  const from = (build.startedAt ?? build.createdAt).getTime();
  return Math.max(0, Math.round((build.finishedAt.getTime() - from) / 100) / 10);
}

const tokens = (n: number) => n.toLocaleString('en-US');

function usageLines(usage: TokenUsage, messages: AgentMessages): string[] {
  return [
    messages.text('system.total_tokens', { tokens: tokens(usage.total_tokens) }),
    messages.text('system.total_credits', { credits: formatCredits(BigInt(usage.total_credits_micro)) }),
    ...Object.entries(usage.agents).map(([agent, a]) =>
      messages.text('system.agent_usage', {
        agent,
        tokens: tokens(a.tokens),
        credits: formatCredits(BigInt(a.credits_micro)),
      }),
    ),
  ];
}

/** How a build that did not complete says so in its last message. */
const STOPPED: Record<
  Exclude<FinalStatus, 'completed'>,
  { status: 'warning' | 'error'; message: (b: SettledBuild, messages: AgentMessages) => string }
> = {
  cancelled: { status: 'warning', message: (_b, m) => m.text('system.cancelled') },
  over_budget: { status: 'error', message: (b, m) => b.failureReason ?? m.text('system.credit_limit') },
  failed: {
    status: 'error',
    message: (b, m) =>
      b.failureReason === null
        ? m.text('system.failed_unknown')
        : m.text('system.failed', { reason: b.failureReason }),
  },
};

function finalMessage(build: SettledBuild, messages: AgentMessages): BuildEventInput {
  const base = {
    type: 'agent_message' as const,
    agent_type: 'system' as const,
    tokens_used: build.usage.total_tokens,
    credits_used: build.usage.total_credits,
  };
  const details = [
    ...usageLines(build.usage, messages),
    messages.text('system.refunded', { credits: formatCredits(build.refundedMicro) }),
  ];
  if (build.status === 'completed') {
    return {
      ...base,
      status: 'completed',
      progress: SYSTEM_PHASES.build.progress,
      message: messages.text('system.build_complete'),
      details: [messages.text('system.generated_in', { seconds: durationSeconds(build) }), ...details],
    };
  }
  const stopped = STOPPED[build.status];
  // Progress 0 is raised by the publisher to the build's high-water mark: it never goes back.
  return { ...base, status: stopped.status, progress: 0, message: stopped.message(build, messages), details };
}

function terminalEvent(build: SettledBuild): BuildEventInput {
  if (build.status === 'completed') {
    const e = build.estimate;
    return {
      type: 'build_complete',
      duration_s: durationSeconds(build),
      site_url: siteUrl(build.id),
      result: {
        token_usage: build.usage,
        ...(e && {
          estimate: {
            low: microToCredits(BigInt(e.low_micro)),
            expected: microToCredits(BigInt(e.expected_micro)),
            high: microToCredits(BigInt(e.high_micro)),
          },
        }),
      },
    };
  }
  return {
    type: 'build_failed',
    reason: build.failureReason ?? build.status,
    refunded: microToCredits(build.refundedMicro),
    refunded_micro: build.refundedMicro.toString(),
    status: build.status,
  };
}
