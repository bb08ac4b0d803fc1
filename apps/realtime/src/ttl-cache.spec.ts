import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000));

  it('returns a value until its ttl passes', () => {
    const cache = new TtlCache<string>(10, clock);
    cache.set('k', 'v', 100);
    now += 99;
    expect(cache.get('k')).toBe('v');
    now += 1;
    expect(cache.get('k')).toBeUndefined();
  });

  it('keeps a cached null apart from a miss', () => {
    const cache = new TtlCache<string | null>(10, clock);
    cache.set('refused', null, 100);
    expect(cache.get('refused')).toBeNull();
    expect(cache.get('never-seen')).toBeUndefined();
  });

  it('evicts the oldest write when full', () => {
    const cache = new TtlCache<number>(2, clock);
    cache.set('a', 1, 1000);
    cache.set('b', 2, 1000);
    cache.set('a', 3, 1000);
    cache.set('c', 4, 1000);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(3);
    expect(cache.get('c')).toBe(4);
    expect(cache.size).toBe(2);
  });
});
