import { loadConfig } from '@autowebiq/config';
import { createTestDatabase, type TestDatabase } from '@autowebiq/testing';
import { IdempotencyService } from './idempotency.service';

describe('IdempotencyService (real Postgres)', () => {
  let db: TestDatabase;
  let keys: IdempotencyService;
  const scope = 'account:test POST /v1/builds';

  beforeAll(async () => {
    db = await createTestDatabase('gwidem');
    keys = new IdempotencyService(db.dataSource, loadConfig({ IDEMPOTENCY_TTL_HOURS: '24' }));
  });
  afterAll(() => db.drop());

  const age = (key: string, seconds: number) =>
    db.dataSource.query(
      `UPDATE idempotency_keys SET created_at = now() - make_interval(secs => $2) WHERE key = $1`,
      [key, seconds],
    );

  it('claims once; the same hash while running is in progress, another hash a conflict, after completion a replay', async () => {
    expect(await keys.claim(scope, 'k1', 'h1')).toEqual({ kind: 'claimed' });
    expect(await keys.claim(scope, 'k1', 'h1')).toEqual({ kind: 'in_progress' });
    expect(await keys.claim(scope, 'k1', 'h2')).toEqual({ kind: 'conflict' });
    await keys.complete(scope, 'k1', 202, { b: 1, a: [2] });
    expect(await keys.claim(scope, 'k1', 'h1')).toEqual({
      kind: 'replay',
      status: 202,
      body: '{"b":1,"a":[2]}',
    });
    expect(await keys.claim(scope, 'k1', 'h2')).toEqual({ kind: 'conflict' });
    expect(await keys.claim('account:other POST /v1/builds', 'k1', 'h2')).toEqual({ kind: 'claimed' });
  });

  it('concurrent claims of one key: exactly one wins', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => keys.claim(scope, 'race', 'h')));
    expect(results.filter((r) => r.kind === 'claimed')).toHaveLength(1);
    expect(results.filter((r) => r.kind !== 'claimed').every((r) => r.kind === 'in_progress')).toBe(true);
  });

  it('many keys claimed at once (one statement) are each claimed, with their own recovery points, and completed each with its own answer', async () => {
    const many = Array.from({ length: 150 }, (_, i) => `many-${i}`);
    const claims = await Promise.all(
      many.map((k, i) => keys.claim(scope, k, `h${i}`, { build_id: `b-${i}` })),
    );
    expect(claims.every((c) => c.kind === 'claimed')).toBe(true);
    await Promise.all(many.map((k, i) => keys.complete(scope, k, 202, { n: i })));
    const replays = await Promise.all(many.map((k, i) => keys.claim(scope, k, `h${i}`)));
    expect(replays).toEqual(many.map((_, i) => ({ kind: 'replay', status: 202, body: `{"n":${i}}` })));
    expect(await Promise.all(many.slice(0, 3).map((k) => keys.claim(scope, k, 'other')))).toEqual(
      Array(3).fill({ kind: 'conflict' }),
    );
  });

  it('an abandoned claim without a recovery point is taken over; with one, it is resumed; a fresh one is neither', async () => {
    await keys.claim(scope, 'dead', 'h');
    await age('dead', 120);
    expect(await keys.claim(scope, 'dead', 'h-new')).toEqual({ kind: 'claimed' });

    await keys.claim(scope, 'half', 'h');
    await db.dataSource.transaction((tx) => keys.checkpoint(scope, 'half', { build_id: 'b-1' }, tx));
    expect(await keys.claim(scope, 'half', 'h')).toEqual({ kind: 'in_progress' });
    await keys.release(scope, 'half');
    await age('half', 120);
    expect(await keys.claim(scope, 'half', 'h')).toEqual({ kind: 'resume', recovery: { build_id: 'b-1' } });
  });

  it('a recovery point written with the claim: resumed once abandoned; released only while it is still the one the claim wrote', async () => {
    expect(await keys.claim(scope, 'preset', 'h', { build_id: 'b-3' })).toEqual({ kind: 'claimed' });
    expect(await keys.claim(scope, 'preset', 'h', { build_id: 'b-4' })).toEqual({ kind: 'in_progress' });
    await keys.release(scope, 'preset');
    await age('preset', 120);
    expect(await keys.claim(scope, 'preset', 'h', { build_id: 'b-5' })).toEqual({
      kind: 'resume',
      recovery: { build_id: 'b-3' },
    });

    await keys.claim(scope, 'unused', 'h', { build_id: 'b-6' });
    await keys.release(scope, 'unused', { build_id: 'b-7' });
    expect(await keys.claim(scope, 'unused', 'h2')).toEqual({ kind: 'conflict' });
    await keys.release(scope, 'unused', { build_id: 'b-6' });
    expect(await keys.claim(scope, 'unused', 'h2')).toEqual({ kind: 'claimed' });
  });

  it('a checkpoint rolled back with its transaction leaves the claim releasable', async () => {
    await keys.claim(scope, 'rolled', 'h');
    await expect(
      db.dataSource.transaction(async (tx) => {
        await keys.checkpoint(scope, 'rolled', { build_id: 'b-2' }, tx);
        throw new Error('402');
      }),
    ).rejects.toThrow('402');
    await keys.release(scope, 'rolled');
    expect(await keys.claim(scope, 'rolled', 'h2')).toEqual({ kind: 'claimed' });
  });

  it('cleanup deletes keys older than the retention and keeps younger ones', async () => {
    await keys.claim(scope, 'old', 'h');
    await keys.complete(scope, 'old', 201, {});
    await age('old', 25 * 3600);
    await keys.claim(scope, 'young', 'h');
    await age('young', 23 * 3600);
    expect(await keys.cleanup()).toBeGreaterThanOrEqual(1);
    const left: { key: string }[] = await db.dataSource.query(
      `SELECT key FROM idempotency_keys WHERE key IN ('old', 'young')`,
    );
    expect(left.map((r) => r.key)).toEqual(['young']);
  });
});
