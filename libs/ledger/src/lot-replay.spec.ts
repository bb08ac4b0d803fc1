import fc from 'fast-check';
import { replayLots, type LotEvent } from './lot-replay';

const lot = (lotId: string, amount: number, expiresAt: number, at = 0): LotEvent => ({
  kind: 'lot',
  lotId,
  amountMicro: BigInt(amount),
  expiresAt: BigInt(expiresAt),
  at: BigInt(at),
});
const capture = (buildId: string, amount: number, at: number): LotEvent => ({
  kind: 'capture',
  buildId,
  amountMicro: BigInt(amount),
  at: BigInt(at),
});
const refund = (buildId: string, amount: number, at: number): LotEvent => ({
  kind: 'refund',
  buildId,
  amountMicro: BigInt(amount),
  at: BigInt(at),
});
const expiry = (lotId: string, at: number): LotEvent => ({ kind: 'expiry', lotId, at: BigInt(at) });

const left = (events: LotEvent[]) =>
  Object.fromEntries([...replayLots(events)].map(([k, v]) => [k, Number(v)]));

describe('replayLots', () => {
  it('spends an expiring grant before never-expiring credits: 10 expiring, 3 spent, 7 left', () => {
    expect(left([lot('a', 10, 100), capture('b1', 3, 10)])).toEqual({ a: 7 });
  });

  it('spends the soonest expiry first, then the next, then never-expiring credits', () => {
    const events = [lot('late', 5, 300), lot('soon', 4, 200), capture('b1', 6, 10), capture('b2', 9, 20)];
    expect(left(events)).toEqual({ soon: 0, late: 0 });
    expect(left(events.slice(0, 3))).toEqual({ soon: 0, late: 3 });
  });

  it('leaves a lot alone before it was granted and once it has expired', () => {
    expect(left([capture('b1', 3, 1), lot('a', 10, 100, 2), capture('b2', 4, 100)])).toEqual({ a: 10 });
  });

  it('gives a refund back to the lots the build drew from, latest first, while they are alive', () => {
    const events = [lot('soon', 2, 50), lot('late', 10, 100), capture('b1', 5, 10), refund('b1', 4, 20)];
    // b1 drew 2 from soon, then 3 from late: the refund returns late's 3 first, then 1 of soon's.
    expect(left(events)).toEqual({ soon: 1, late: 10 });
  });

  it('gives a refund to never-expiring credits for a lot that has expired meanwhile', () => {
    const events = [lot('soon', 2, 50), lot('late', 10, 100), capture('b1', 5, 10), refund('b1', 5, 60)];
    expect(left(events)).toEqual({ soon: 0, late: 10 });
  });

  it('returns never-expiring credits drawn last before a lot drawn first', () => {
    const events = [lot('a', 3, 100), capture('b1', 5, 10), refund('b1', 2, 20)];
    expect(left(events)).toEqual({ a: 0 });
    expect(left([...events, refund('b1', 2, 30)])).toEqual({ a: 2 });
  });

  it('keeps each build’s draws apart', () => {
    const events = [lot('a', 10, 100), capture('b1', 4, 10), capture('b2', 8, 11), refund('b1', 4, 20)];
    // b2 drew 6 from a and 2 never-expiring; b1's refund returns only b1's 4.
    expect(left(events)).toEqual({ a: 4 });
  });

  it('spends nothing of a lot settled early, whatever time a later booking carries', () => {
    expect(left([lot('a', 10, 100), expiry('a', 101), capture('b1', 3, 99)])).toEqual({ a: 10 });
  });
});

/** Brute force: every µcr is a token carrying where it came from; a spend takes tokens one at a time. */
function simulate(events: LotEvent[]): Map<string, bigint> {
  const lots = new Map<string, { tokens: number; expiresAt: number; order: number; settled: boolean }>();
  const stacks = new Map<string, (string | null)[]>();
  const alive = (l: { expiresAt: number; settled: boolean }, at: number) => !l.settled && at < l.expiresAt;
  for (const e of events) {
    const at = Number(e.at);
    if (e.kind === 'lot')
      lots.set(e.lotId, {
        tokens: Number(e.amountMicro),
        expiresAt: Number(e.expiresAt),
        order: lots.size,
        settled: false,
      });
    else if (e.kind === 'expiry') {
      const l = lots.get(e.lotId);
      if (l) l.settled = true;
    } else if (e.kind === 'capture') {
      const stack = stacks.get(e.buildId) ?? [];
      stacks.set(e.buildId, stack);
      for (let i = 0; i < Number(e.amountMicro); i++) {
        let best: string | null = null;
        for (const [id, l] of lots) {
          if (!alive(l, at) || l.tokens === 0) continue;
          const b = best === null ? undefined : lots.get(best);
          if (!b || l.expiresAt < b.expiresAt || (l.expiresAt === b.expiresAt && l.order < b.order))
            best = id;
        }
        if (best !== null) (lots.get(best) as { tokens: number }).tokens--;
        stack.push(best);
      }
    } else {
      const stack = stacks.get(e.buildId) ?? [];
      for (let i = 0; i < Number(e.amountMicro) && stack.length > 0; i++) {
        const from = stack.pop() as string | null;
        const l = from === null ? undefined : lots.get(from);
        if (l && alive(l, at)) l.tokens++;
      }
    }
  }
  return new Map([...lots].map(([id, l]) => [id, BigInt(l.tokens)]));
}

const lotIds = ['l0', 'l1', 'l2', 'l3'];
const buildIds = ['b0', 'b1', 'b2'];
const time = fc.integer({ min: 0, max: 40 });
const amount = fc.integer({ min: 0, max: 12 });
const event: fc.Arbitrary<LotEvent> = fc.oneof(
  fc
    .record({ lotId: fc.constantFrom(...lotIds), a: fc.integer({ min: 1, max: 12 }), exp: time, at: time })
    .map((r) => lot(r.lotId, r.a, r.exp, r.at)),
  fc.record({ b: fc.constantFrom(...buildIds), a: amount, at: time }).map((r) => capture(r.b, r.a, r.at)),
  fc.record({ b: fc.constantFrom(...buildIds), a: amount, at: time }).map((r) => refund(r.b, r.a, r.at)),
  fc.record({ lotId: fc.constantFrom(...lotIds), at: time }).map((r) => expiry(r.lotId, r.at)),
);
/** A lot is granted once, before anything names it, as the books have it. */
const history = fc.array(event, { maxLength: 30 }).map((events) => {
  const seen = new Set<string>();
  return events.filter((e) => {
    if (e.kind === 'lot') {
      if (seen.has(e.lotId)) return false;
      seen.add(e.lotId);
      return true;
    }
    return e.kind !== 'expiry' || seen.has(e.lotId);
  });
});

describe('replayLots against a µcr-by-µcr simulation', () => {
  it('agrees on every lot’s remainder', () => {
    fc.assert(
      fc.property(history, (events) => {
        expect(replayLots(events)).toEqual(simulate(events));
      }),
      { numRuns: 2000 },
    );
  });

  it('never leaves a lot below zero or above what it granted', () => {
    fc.assert(
      fc.property(history, (events) => {
        const granted = new Map(events.flatMap((e) => (e.kind === 'lot' ? [[e.lotId, e.amountMicro]] : [])));
        for (const [id, rest] of replayLots(events)) {
          expect(rest >= 0n && rest <= (granted.get(id) as bigint)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
