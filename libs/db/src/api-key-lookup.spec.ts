import { hashApiKey } from './api-key-hash';
import { ApiKeyLookup } from './api-key-lookup';

const OWNER = {
  keyId: '00000000-0000-4000-8000-000000000001',
  accountId: '00000000-0000-4000-8000-000000000002',
};
const ROW = { id: OWNER.keyId, account_id: OWNER.accountId };

/** A stand-in for Postgres that answers `rows` and counts questions; after `hold()` answers wait for `release()`. */
function fakeDb(rows: () => unknown[]) {
  let gate: Promise<void> | undefined;
  let open = () => undefined as void;
  const db = {
    queries: 0,
    hold: () => void (gate = new Promise<void>((r) => (open = r))),
    release: () => {
      gate = undefined;
      open();
    },
    query: async <T>(): Promise<T> => {
      db.queries++;
      await gate;
      return rows() as T;
    },
  };
  return db;
}

describe('ApiKeyLookup', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000));

  it('asks Postgres once per ttl for a key that works, and once per refusal ttl for one that does not', async () => {
    let rows: unknown[] = [ROW];
    const db = fakeDb(() => rows);
    const lookup = new ApiKeyLookup(db, { ttlMs: 100, refusedTtlMs: 10, now: clock });
    expect(await lookup.owner('awq_good')).toEqual(OWNER);
    now += 99;
    expect(await lookup.owner('awq_good')).toEqual(OWNER);
    expect(db.queries).toBe(1);
    rows = [];
    now += 1;
    expect(await lookup.owner('awq_good')).toBeNull();
    now += 9;
    expect(await lookup.owner('awq_good')).toBeNull();
    expect(db.queries).toBe(2);
  });

  it('refuses a forgotten key at once and without a query, for at least the ttl', async () => {
    const db = fakeDb(() => [ROW]);
    const lookup = new ApiKeyLookup(db, { ttlMs: 100, refusedTtlMs: 10, now: clock });
    expect(await lookup.owner('awq_good')).toEqual(OWNER);
    lookup.forget(hashApiKey('awq_good'));
    now += 99;
    expect(await lookup.owner('awq_good')).toBeNull();
    expect(db.queries).toBe(1);
  });

  it('lets a revoke that arrives while the key is being looked up win over what the lookup read', async () => {
    const db = fakeDb(() => [ROW]);
    const lookup = new ApiKeyLookup(db, { ttlMs: 100, refusedTtlMs: 10, now: clock });
    db.hold();
    const inFlight = lookup.owner('awq_good');
    lookup.forget(hashApiKey('awq_good'));
    db.release();
    expect(await inFlight).toBeNull();
    expect(await lookup.owner('awq_good')).toBeNull();
    expect(db.queries).toBe(1);
  });

  it('refuses a cached key at once when Postgres says it no longer works', async () => {
    let rows: unknown[] = [ROW];
    const db = fakeDb(() => rows);
    const lookup = new ApiKeyLookup(db, { ttlMs: 100, refusedTtlMs: 10, now: clock });
    await lookup.owner('awq_good');
    expect(await lookup.stillValid([OWNER.keyId])).toEqual(new Set([OWNER.keyId]));
    expect(await lookup.owner('awq_good')).toEqual(OWNER);
    rows = [];
    expect(await lookup.stillValid([OWNER.keyId])).toEqual(new Set());
    expect(await lookup.owner('awq_good')).toBeNull();
    expect(db.queries).toBe(3);
  });

  it('asks every time with a ttl of 0, and still remembers refusals briefly', async () => {
    const db = fakeDb(() => [ROW]);
    const lookup = new ApiKeyLookup(db, { ttlMs: 0, refusedTtlMs: 10, now: clock });
    await lookup.owner('awq_good');
    await lookup.owner('awq_good');
    expect(db.queries).toBe(2);
    lookup.forget(hashApiKey('awq_good'));
    expect(await lookup.owner('awq_good')).toBeNull();
    expect(db.queries).toBe(2);
  });
});
