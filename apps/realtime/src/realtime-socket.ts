import type { BuildEvent, ClientToServerEvents, ServerToClientEvents } from '@autowebiq/contracts';
import type { Server, Socket } from 'socket.io';
import type { TokenBucket } from './token-bucket';

/**
 * What one socket knows about one build it watches. `lastSeq` is the last seq
 * this socket was sent; everything else exists to keep that sequence gap-free.
 *
 * - catching_up: a replay is being read; live events wait in `buffer`.
 * - live: live events go straight out while they follow `lastSeq`.
 * - stalled: the socket is not draining, so live events are skipped and the
 *   subscription catches up from the stores once the socket drains.
 */
export class BuildSubscription {
  state: 'catching_up' | 'live' | 'stalled' = 'catching_up';
  /** Bumped by every catch-up and by close, so a superseded catch-up stops after its await. */
  generation = 0;
  buffer: BuildEvent[] = [];
  overflowed = false;

  constructor(
    readonly buildId: string,
    public lastSeq: number,
  ) {}
}

export interface SocketData {
  accountId: string;
  /** The API key the socket connected with: a revoke of that key closes it. */
  keyId: string;
  subs: Map<string, BuildSubscription>;
  subscribeBucket: TokenBucket;
  /** When engine.io last handed this socket's write buffer to the transport. */
  lastDrainAt: number;
}

export type RealtimeServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
export type RealtimeSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

export const buildRoom = (buildId: string) => `build:${buildId}`;
export const accountRoom = (accountId: string) => `account:${accountId}`;
