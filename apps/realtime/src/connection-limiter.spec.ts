import { ConnectionLimiter } from './connection-limiter';

describe('ConnectionLimiter', () => {
  it('admits up to the limit per account, independently of other accounts', () => {
    const limiter = new ConnectionLimiter(2);
    expect(limiter.tryAcquire('a')).toEqual(expect.any(Function));
    expect(limiter.tryAcquire('a')).toEqual(expect.any(Function));
    expect(limiter.tryAcquire('a')).toBeNull();
    expect(limiter.tryAcquire('b')).toEqual(expect.any(Function));
    expect([limiter.count('a'), limiter.count('b')]).toEqual([2, 1]);
  });

  it('frees a slot once per connection, however often its end is reported', () => {
    const limiter = new ConnectionLimiter(2);
    const first = limiter.tryAcquire('a')!;
    limiter.tryAcquire('a');
    first();
    first();
    expect(limiter.count('a')).toBe(1);
    expect(limiter.tryAcquire('a')).not.toBeNull();
    expect(limiter.tryAcquire('a')).toBeNull();
  });
});
