import { useEffect, useRef, useState } from 'react';
import { useSession } from '../session';

/** Says when live updates are interrupted, and that the feed catches up by itself once they are back. */
export function ConnectionBanner() {
  const { connectionState } = useSession();
  const wasConnected = useRef(false);
  const [caughtUp, setCaughtUp] = useState(false);

  useEffect(() => {
    if (connectionState === 'connected') {
      if (wasConnected.current) {
        setCaughtUp(true);
        const timer = setTimeout(() => setCaughtUp(false), 3_000);
        return () => clearTimeout(timer);
      }
      wasConnected.current = true;
    }
  }, [connectionState]);

  const lost =
    wasConnected.current && (connectionState === 'reconnecting' || connectionState === 'connecting');
  return (
    <div className="banner-slot" role="status" aria-live="polite">
      {lost && (
        <p className="banner banner--warning" data-testid="reconnecting">
          Reconnecting… live updates paused; the feed will catch up when the connection is back.
        </p>
      )}
      {!lost && connectionState === 'closed' && (
        <p className="banner banner--error">Live updates are unavailable. Reload the page to try again.</p>
      )}
      {!lost && connectionState === 'connected' && caughtUp && (
        <p className="banner banner--ok">Reconnected. You are up to date.</p>
      )}
    </div>
  );
}
