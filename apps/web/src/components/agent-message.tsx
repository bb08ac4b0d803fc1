import type { AgentMessageEvent } from '@autowebiq/sdk';
import { headingOf, statusColours } from '../lib/agent-labels';
import { credits, tokens } from '../lib/format';
import { ProgressBar } from './progress-bar';

/** One message of the live feed, styled by its status as the specification's Workspace shows it. */
export function AgentMessage({ event }: { event: AgentMessageEvent }) {
  const h = headingOf(event);
  const { border, background } = statusColours(event.status);
  return (
    <li
      className="agent-message"
      data-agent={event.agent_type}
      data-status={event.status}
      data-seq={event.seq}
      style={{ borderColor: border, backgroundColor: background }}
    >
      <h3 className="agent-message__heading">
        <span aria-hidden="true">{h.agentEmoji}</span> {h.agentLabel}{' '}
        <span aria-hidden="true">{h.statusEmoji}</span> {h.statusLabel} [{event.progress}%]
      </h3>
      <p className="agent-message__text">{event.message}</p>
      {event.details?.map((line, i) => (
        <p className="agent-message__detail" key={i}>
          {line}
        </p>
      ))}
      <ProgressBar value={event.progress} label={`${h.agentLabel} progress`} />
      {event.tokens_used > 0 && (
        <p className="agent-message__usage">
          {tokens(event.tokens_used)} tokens · {credits(event.credits_used)} credits
        </p>
      )}
    </li>
  );
}
