/**
 * Puts one build's events back into `seq` order: drops what was already
 * delivered (a replay overlapping live events), holds back events that arrive
 * ahead of a missing one, and releases them once the gap is filled.
 */
export class SeqOrderer<E extends { seq: number }> {
  private readonly pending = new Map<number, E>();

  constructor(
    private last = 0,
    private readonly maxPending = 10_000,
  ) {}

  get lastSeq(): number {
    return this.last;
  }

  /** Events are held back waiting for an earlier seq. */
  get hasGap(): boolean {
    return this.pending.size > 0;
  }

  /** The events that can be delivered now, in order (possibly none). */
  push(event: E): E[] {
    if (!Number.isInteger(event.seq) || event.seq <= this.last || this.pending.has(event.seq)) return [];
    this.pending.set(event.seq, event);
    const ready = this.drain();
    // A gap that never fills must not grow memory without bound.
    return this.pending.size > this.maxPending ? [...ready, ...this.skipGap()] : ready;
  }

  /** Stop waiting for the missing seqs and release everything held back, in order. */
  skipGap(): E[] {
    if (this.pending.size === 0) return [];
    this.last = Math.min(...this.pending.keys()) - 1;
    const out: E[] = [];
    while (this.pending.size > 0) {
      out.push(...this.drain());
      if (this.pending.size > 0) this.last = Math.min(...this.pending.keys()) - 1;
    }
    return out;
  }

  private drain(): E[] {
    const out: E[] = [];
    for (let next = this.pending.get(this.last + 1); next; next = this.pending.get(this.last + 1)) {
      this.pending.delete(next.seq);
      this.last = next.seq;
      out.push(next);
    }
    return out;
  }
}
