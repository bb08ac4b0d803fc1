import {
  AGENT_ORDER,
  type BuildCompleteEvent,
  type BuildFailedEvent,
  type BuildResponse,
  type TokenUsage,
} from '@autowebiq/contracts';
import { credits, seconds, tokens } from '../lib/format';
import { EstimateRange } from './estimate-range';

/** The specification's completion message: usage summary, per-agent breakdown, and the estimate beside the cost. */
export function BuildSummary({
  event,
  build,
}: {
  event: BuildCompleteEvent;
  build: BuildResponse | undefined;
}) {
  const usage: TokenUsage = event.result.token_usage;
  const estimate = event.result.estimate ?? build?.estimate ?? null;
  const agents = AGENT_ORDER.filter((a) => usage.agents[a]);
  return (
    <section
      className="summary summary--complete"
      aria-labelledby="summary-title"
      data-testid="build-summary"
      data-status="completed"
    >
      <h2 id="summary-title" className="summary__title">
        <span aria-hidden="true">✅</span> Build Complete! Website generated successfully in{' '}
        <span data-testid="summary-duration">{seconds(event.duration_s)}</span>
      </h2>
      <h3>Usage Summary:</h3>
      <ul>
        <li>
          Total tokens: <span data-testid="summary-total-tokens">{tokens(usage.total_tokens)}</span>
        </li>
        <li>
          Total credits:{' '}
          <span data-testid="summary-total-credits">
            {credits(usage.total_credits, usage.total_credits_micro)}
          </span>
        </li>
      </ul>
      <h3>Per-Agent Breakdown:</h3>
      <ul data-testid="summary-agents">
        {agents.map((agent) => {
          const a = usage.agents[agent]!;
          return (
            <li key={agent} data-agent={agent}>
              {agent}: {tokens(a.tokens)} tokens ({credits(a.credits, a.credits_micro)} credits)
            </li>
          );
        })}
      </ul>
      <p className="summary__compare" data-testid="summary-estimate">
        {estimate ? (
          <>
            Estimated <EstimateRange estimate={estimate} /> · Actual{' '}
            <strong>{credits(usage.total_credits, usage.total_credits_micro)} credits</strong>
          </>
        ) : (
          <>Actual {credits(usage.total_credits, usage.total_credits_micro)} credits</>
        )}
        {build && build.refunded > 0 && (
          <> · Refunded {credits(build.refunded, build.refunded_micro)} of the hold</>
        )}
      </p>
    </section>
  );
}

const FAILURE_TITLE: Record<BuildFailedEvent['status'], string> = {
  failed: 'Build failed',
  cancelled: 'Build cancelled',
  over_budget: 'Build stopped: credits ran out',
};

export function BuildFailure({
  event,
  build,
}: {
  event: BuildFailedEvent;
  build: BuildResponse | undefined;
}) {
  return (
    <section className="summary summary--failed" role="alert" data-testid="build-summary" data-status="error">
      <h2 className="summary__title">
        <span aria-hidden="true">❌</span> {FAILURE_TITLE[event.status]}
      </h2>
      <p>{event.reason}</p>
      <p>
        {build && <>Paid {credits(build.spent, build.spent_micro)} credits for what ran · </>}
        Refunded {credits(event.refunded, event.refunded_micro)} credits.
      </p>
    </section>
  );
}
