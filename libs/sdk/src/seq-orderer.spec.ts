import fc from 'fast-check';
import { SeqOrderer } from './seq-orderer';

const ev = (seq: number) => ({ seq });

describe('SeqOrderer', () => {
  it('delivers in order, drops duplicates and what came before afterSeq', () => {
    const o = new SeqOrderer(2);
    expect(o.push(ev(1))).toEqual([]);
    expect(o.push(ev(3))).toEqual([ev(3)]);
    expect(o.push(ev(3))).toEqual([]);
    expect(o.lastSeq).toBe(3);
  });

  it('holds events behind a gap and releases them when it fills', () => {
    const o = new SeqOrderer();
    expect(o.push(ev(1))).toEqual([ev(1)]);
    expect(o.push(ev(3))).toEqual([]);
    expect(o.push(ev(4))).toEqual([]);
    expect(o.hasGap).toBe(true);
    expect(o.push(ev(2))).toEqual([ev(2), ev(3), ev(4)]);
    expect(o.hasGap).toBe(false);
  });

  it('skipGap gives up on missing seqs but keeps order', () => {
    const o = new SeqOrderer();
    o.push(ev(5));
    o.push(ev(3));
    o.push(ev(8));
    expect(o.skipGap().map((e) => e.seq)).toEqual([3, 5, 8]);
    expect(o.lastSeq).toBe(8);
    expect(o.push(ev(6))).toEqual([]);
  });

  it('bounds what it holds back', () => {
    const o = new SeqOrderer(0, 3);
    o.push(ev(2));
    o.push(ev(3));
    o.push(ev(4));
    expect(o.push(ev(5)).map((e) => e.seq)).toEqual([2, 3, 4, 5]);
  });

  it('any interleaving of a replay and live events yields 1..n exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.array(fc.nat(), { maxLength: 200 }), (n, noise) => {
        const seqs = Array.from({ length: n }, (_, i) => i + 1);
        // Live events in order, a full replay, and random re-deliveries, shuffled together.
        const arrivals = [...seqs, ...seqs, ...noise.map((x) => (x % n) + 1)];
        for (let i = arrivals.length - 1; i > 0; i--) {
          const j = (noise[i % Math.max(1, noise.length)] ?? i) % (i + 1);
          [arrivals[i], arrivals[j]] = [arrivals[j], arrivals[i]];
        }
        const o = new SeqOrderer();
        const out = arrivals.flatMap((s) => o.push(ev(s))).map((e) => e.seq);
        expect(out).toEqual(seqs);
      }),
    );
  });
});
