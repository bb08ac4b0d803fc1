import {
  TERMINAL_BUILD_STATUSES,
  type AgentMessageEvent,
  type BuildEvent,
  type BuildResponse,
  type CreditsUpdateEvent,
} from '@autowebiq/contracts';
import { useState } from 'react';
import { dateTime } from '../lib/format';
import { useBuild, useBuildTimeline } from '../lib/use-build';
import { useSession } from '../session';
import { AgentMessage } from './agent-message';
import { BuildFailure, BuildSummary } from './build-summary';
import { CreditMeter, type MeterReading } from './credit-meter';
import { ProgressBar } from './progress-bar';
import { SitePreview } from './site-preview';

/** The latest spend/hold the build's own credits_update events reported, else what REST said. */
function meterOf(events: BuildEvent[], build: BuildResponse | undefined): MeterReading {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.type === 'credits_update' && (e as CreditsUpdateEvent).build_spent !== undefined) {
      const c = e as CreditsUpdateEvent;
      return {
        spent: c.build_spent!,
        reserved: c.build_reserved ?? build?.reserved ?? 0,
        spentMicro: c.build_spent_micro,
        reservedMicro: c.build_reserved_micro,
      };
    }
  }
  return {
    spent: build?.spent ?? 0,
    reserved: build?.reserved ?? 0,
    spentMicro: build?.spent_micro,
    reservedMicro: build?.reserved_micro,
  };
}

export function BuildView({ buildId }: { buildId: string }) {
  const { client } = useSession();
  const timeline = useBuildTimeline(buildId);
  const { build, error: loadError, reload } = useBuild(buildId, timeline.terminal);
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<string>();

  const messages = timeline.events.filter((e): e is AgentMessageEvent => e.type === 'agent_message');
  const progress = messages.reduce((max, m) => Math.max(max, m.progress), 0);
  const finished = !!timeline.terminal || (build ? TERMINAL_BUILD_STATUSES.includes(build.status) : false);
  const meter = meterOf(timeline.events, build);
  // The REST copy is read at open and at the end; in between, the feed itself says the build is running.
  const status =
    build && !finished && build.status === 'queued' && messages.length > 0 ? 'running' : build?.status;

  async function cancel() {
    setCancelling(true);
    setCancelError(undefined);
    try {
      await client.cancelBuild(buildId);
      reload();
    } catch (e) {
      setCancelError(`Could not cancel: ${(e as Error).message}`);
      setCancelling(false);
    }
  }

  if (timeline.error?.code === 'not_found' || loadError?.name === 'NotFoundError') {
    return (
      <p className="form-error" role="alert">
        There is no build {buildId} in this account.
      </p>
    );
  }

  return (
    <article
      className="build"
      aria-labelledby="build-title"
      data-build-id={buildId}
      data-build-status={build?.status}
    >
      <header className="build__header">
        <h2 id="build-title">Build {buildId.slice(0, 8)}</h2>
        <p className="build__prompt">{build?.prompt ?? '…'}</p>
        <p className="muted">
          Started {dateTime(build?.created_at)} · Status{' '}
          <span data-testid="build-status">{status ?? '…'}</span>
        </p>
        {!finished && (
          <div className="build__actions">
            <button
              type="button"
              className="button--danger"
              onClick={() => void cancel()}
              disabled={cancelling || !!build?.cancel_requested_at}
              data-testid="cancel-build"
            >
              {cancelling || build?.cancel_requested_at ? 'Cancelling…' : 'Cancel build'}
            </button>
            {cancelError && (
              <p role="alert" className="form-error">
                {cancelError}
              </p>
            )}
          </div>
        )}
      </header>

      <div className="build__overview">
        <div className="overall">
          <h2 className="overall__title">Overall progress {progress}%</h2>
          <ProgressBar value={progress} label="Overall build progress" />
        </div>
        <CreditMeter reading={meter} finished={finished} />
      </div>

      <section aria-labelledby="feed-title">
        <h2 id="feed-title" className="visually-hidden">
          Agent activity
        </h2>
        <ol className="feed" role="log" aria-live="polite" aria-relevant="additions" data-testid="feed">
          {messages.map((m) => (
            <AgentMessage key={m.seq} event={m} />
          ))}
        </ol>
        {messages.length === 0 && <p className="muted">Waiting for the agents…</p>}
      </section>

      {timeline.terminal?.type === 'build_complete' && (
        <BuildSummary event={timeline.terminal} build={build} />
      )}
      {timeline.terminal?.type === 'build_failed' && <BuildFailure event={timeline.terminal} build={build} />}
      {build && (build.preview_url || timeline.terminal?.type === 'build_complete') && (
        <SitePreview build={build} />
      )}
    </article>
  );
}
