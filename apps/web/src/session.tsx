import {
  AuthenticationError,
  AutoWebIQ,
  BalanceTracker,
  type BalanceResponse,
  type ConnectionState,
  type RealtimeConnection,
} from '@autowebiq/sdk';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

const KEY_STORAGE = 'autowebiq.apiKey';

export interface Session {
  client: AutoWebIQ;
  connection: RealtimeConnection;
  balance: BalanceResponse | undefined;
  connectionState: ConnectionState;
  signOut(notice?: string): void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

export const storedApiKey = () => window.localStorage.getItem(KEY_STORAGE);
export const storeApiKey = (key: string) => window.localStorage.setItem(KEY_STORAGE, key);
export const clearApiKey = () => window.localStorage.removeItem(KEY_STORAGE);

/** The page's own origin is the gateway: the SPA is served by it. */
export const newClient = (apiKey: string) => new AutoWebIQ({ baseUrl: window.location.origin, apiKey });

/**
 * One client, one Socket.IO connection and one live balance per signed-in
 * key, shared by every page so navigating never reconnects.
 */
export function SessionProvider({
  apiKey,
  onSignOut,
  children,
}: {
  apiKey: string;
  onSignOut: (notice?: string) => void;
  children: ReactNode;
}) {
  const client = useMemo(() => newClient(apiKey), [apiKey]);
  const [connection, setConnection] = useState<RealtimeConnection | null>(null);
  const [balance, setBalance] = useState<BalanceResponse>();
  const [connectionState, setConnectionState] = useState<ConnectionState>('connecting');

  const signOut = useCallback(
    (notice?: string) => {
      clearApiKey();
      onSignOut(notice);
    },
    [onSignOut],
  );

  useEffect(() => {
    const conn = client.realtime();
    const tracker = new BalanceTracker(client, conn);
    const offs = [
      conn.on('state', setConnectionState),
      conn.on(
        'error',
        (e) => e.code === 'unauthorized' && signOut('Your API key is no longer accepted. Sign in again.'),
      ),
      tracker.on('change', setBalance),
      tracker.on(
        'error',
        (e) =>
          e instanceof AuthenticationError && signOut('Your API key is no longer accepted. Sign in again.'),
      ),
    ];
    setConnection(conn);
    setConnectionState(conn.state);
    return () => {
      for (const off of offs) off();
      tracker.stop();
      conn.close();
    };
  }, [client, signOut]);

  const session = useMemo(
    () => (connection ? { client, connection, balance, connectionState, signOut } : null),
    [client, connection, balance, connectionState, signOut],
  );
  if (!session) return null;
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
