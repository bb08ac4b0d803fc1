import type { BuildEvent, BuildResponse, RealtimeError, TerminalEvent } from '@autowebiq/sdk';
import { TERMINAL_BUILD_STATUSES } from '@autowebiq/contracts';
import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../session';

export interface BuildTimeline {
  events: BuildEvent[];
  terminal: TerminalEvent | undefined;
  /** The server refused the subscription (e.g. another account's build). */
  error: RealtimeError | undefined;
}

/**
 * The build's whole timeline from seq 1, then live: the SDK's subscription
 * replays what happened before (after a reload too) and resumes after its last
 * seq on every reconnect, so nothing shows twice or goes missing. A slow REST
 * poll backs the socket up so a finished build always shows its end.
 */
export function useBuildTimeline(buildId: string): BuildTimeline {
  const { client, connection } = useSession();
  const [state, setState] = useState<BuildTimeline>({ events: [], terminal: undefined, error: undefined });

  useEffect(() => {
    const sub = connection.subscribe(buildId, { afterSeq: 0 });
    const update = () => setState({ events: sub.timeline.slice(), terminal: sub.result, error: undefined });
    const offs = [sub.on('event', update), sub.on('error', (error) => setState((s) => ({ ...s, error })))];
    const poll = setInterval(() => void client.backfillIfFinished(sub).catch(() => undefined), 5_000);
    setState({ events: [], terminal: undefined, error: undefined });
    return () => {
      clearInterval(poll);
      for (const off of offs) off();
      sub.close();
    };
  }, [client, connection, buildId]);

  return state;
}

/** The build as REST knows it; read again when the timeline reaches its end (usage, preview link). */
export function useBuild(buildId: string, terminal: TerminalEvent | undefined) {
  const { client } = useSession();
  const [build, setBuild] = useState<BuildResponse>();
  const [error, setError] = useState<Error>();

  const reload = useCallback(() => {
    client.getBuild(buildId).then(
      (b) => {
        setBuild(b);
        setError(undefined);
      },
      (e: Error) => setError(e),
    );
  }, [client, buildId]);

  useEffect(reload, [reload, terminal]);

  // The terminal event can arrive a moment before settle has written usage; look again until it has.
  useEffect(() => {
    if (
      !terminal ||
      !build ||
      (TERMINAL_BUILD_STATUSES.includes(build.status) && (build.usage || terminal.type === 'build_failed'))
    )
      return;
    const timer = setTimeout(reload, 1_000);
    return () => clearTimeout(timer);
  }, [terminal, build, reload]);

  return { build, error, reload };
}
