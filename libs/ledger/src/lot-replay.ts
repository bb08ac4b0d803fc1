/**
 * One entry of an account's history as the expiry of granted credits reads it, in booking order
 * (transfer id). `at` is when it was booked, in µs since the epoch, compared with lots' `expiresAt`.
 */
export type LotEvent =
  | { kind: 'lot'; lotId: string; amountMicro: bigint; expiresAt: bigint; at: bigint }
  /** Usage captured into revenue. */
  | { kind: 'capture'; buildId: string; amountMicro: bigint; at: bigint }
  /** Captured usage given back to the wallet. */
  | { kind: 'refund'; buildId: string; amountMicro: bigint; at: bigint }
  /** A lot settled by the sweeper: it absorbs nothing after this, whenever the others were booked. */
  | { kind: 'expiry'; lotId: string; at: bigint };

interface Lot {
  remainingMicro: bigint;
  expiresAt: bigint;
  order: number;
  settled: boolean;
}

/** What one capture took from one lot, or from never-expiring credits (`lotId` null). */
interface Draw {
  lotId: string | null;
  amountMicro: bigint;
}

/**
 * What is left unspent of each lot after the history: captures spend the lots alive at the time (granted,
 * not expired, not settled) soonest expiry first, and never-expiring credits after them; a refund of
 * captured usage goes back to what that build's captures drew from, latest first, to a lot only while it
 * is alive, otherwise to never-expiring credits. Holds are not spending and are not part of the history.
 */
export function replayLots(events: readonly LotEvent[]): Map<string, bigint> {
  const lots = new Map<string, Lot>();
  const draws = new Map<string, Draw[]>();
  const alive = (lot: Lot, at: bigint) => !lot.settled && at < lot.expiresAt;
  for (const e of events) {
    if (e.kind === 'lot') {
      lots.set(e.lotId, {
        remainingMicro: e.amountMicro,
        expiresAt: e.expiresAt,
        order: lots.size,
        settled: false,
      });
    } else if (e.kind === 'expiry') {
      const lot = lots.get(e.lotId);
      if (lot) lot.settled = true;
    } else if (e.kind === 'capture') {
      const taken = draws.get(e.buildId) ?? [];
      draws.set(e.buildId, taken);
      let left = e.amountMicro;
      const open = [...lots.entries()]
        .filter(([, lot]) => alive(lot, e.at) && lot.remainingMicro > 0n)
        .sort(([, a], [, b]) =>
          a.expiresAt === b.expiresAt ? a.order - b.order : a.expiresAt < b.expiresAt ? -1 : 1,
        );
      for (const [lotId, lot] of open) {
        if (left === 0n) break;
        const part = lot.remainingMicro < left ? lot.remainingMicro : left;
        lot.remainingMicro -= part;
        left -= part;
        taken.push({ lotId, amountMicro: part });
      }
      if (left > 0n) taken.push({ lotId: null, amountMicro: left });
    } else {
      const taken = draws.get(e.buildId) ?? [];
      let left = e.amountMicro;
      while (left > 0n && taken.length > 0) {
        const last = taken[taken.length - 1];
        const part = last.amountMicro < left ? last.amountMicro : left;
        last.amountMicro -= part;
        left -= part;
        if (last.amountMicro === 0n) taken.pop();
        const lot = last.lotId === null ? undefined : lots.get(last.lotId);
        if (lot && alive(lot, e.at)) lot.remainingMicro += part;
      }
    }
  }
  return new Map([...lots].map(([id, lot]) => [id, lot.remainingMicro]));
}
