import { redisKeys, type ApiKeyRevokedMessage } from '@autowebiq/contracts';
import { eventually, uniqueRedisPrefix } from '@autowebiq/testing';
import { randomUUID } from 'node:crypto';
import { ApiKeyRevocations } from './api-key-revocations';
import { redisForSpec } from './redis-spec-support';

const message = (): ApiKeyRevokedMessage => ({
  key_id: randomUUID(),
  key_hash: randomUUID().replace(/-/g, '').repeat(2),
  account_id: randomUUID(),
});

/** Waits (polling every 10 ms, at most 5 s) until `check`'s assertions pass. */
const soon = <T>(what: string, check: () => T | Promise<T>) =>
  eventually(what, check, { timeoutMs: 5000, intervalMs: 10 });

/** The id of the connection named `name` in a CLIENT LIST answer. */
function clientId(list: unknown, name: string): string {
  const line = String(list)
    .split('\n')
    .find((l) => l.includes(` name=${name} `));
  const id = line && /^id=(\d+)/.exec(line)?.[1];
  if (!id) throw new Error(`no connection named ${name}`);
  return id;
}

describe('ApiKeyRevocations (real Redis)', () => {
  const prefix = uniqueRedisPrefix('revocations');
  const { url, connect, cleanup } = redisForSpec(prefix);
  const opened: ApiKeyRevocations[] = [];

  /** A process's view: what it heard and what it complained about. */
  async function listener(name: string) {
    const revocations = new ApiKeyRevocations(connect(), { REDIS_PREFIX: prefix, REDIS_URL: url }, name);
    opened.push(revocations);
    const heard: ApiKeyRevokedMessage[] = [];
    const problems: string[] = [];
    await revocations.listen({ revoked: (m) => heard.push(m), problem: (p) => problems.push(p) });
    return { revocations, heard, problems };
  }

  afterAll(async () => {
    for (const r of opened) r.close();
    await cleanup();
  });

  it('delivers a revoke to every listening process, the publisher included', async () => {
    const a = await listener(`${prefix}-a`);
    const b = await listener(`${prefix}-b`);
    const sent = message();
    expect(await a.revocations.publish(sent)).toBe(2);
    await soon('both listeners', () => expect([a.heard, b.heard]).toEqual([[sent], [sent]]));
    a.revocations.close();
    b.revocations.close();
  });

  it('refuses to publish a message off the schema, and reports one received without acting on it', async () => {
    const l = await listener(`${prefix}-c`);
    expect(() => l.revocations.publish({ ...message(), key_hash: 'awq_plain_secret' })).toThrow();
    await connect().publish(redisKeys.apiKeyRevokedChannel(prefix), '{"key_id":"nope"}');
    const sent = message();
    await l.revocations.publish(sent);
    await soon('the valid message', () => expect(l.heard).toEqual([sent]));
    expect(l.problems).toEqual([expect.stringContaining('malformed')]);
    l.revocations.close();
  });

  it('subscribes again after its connection is killed and hears the revokes published after that', async () => {
    const name = `${prefix}-d`;
    const l = await listener(name);
    const admin = connect();
    const idOf = async () => clientId(await admin.client('LIST'), name);
    const before = await idOf();
    // Only this connection: the Redis is shared with every other test run on the machine.
    expect(await admin.client('KILL', 'ID', before)).toBe(1);
    const channel = redisKeys.apiKeyRevokedChannel(prefix);
    await soon('the subscription again', async () =>
      expect(await admin.pubsub('NUMSUB', channel)).toEqual([channel, 1]),
    );
    expect(await idOf()).not.toBe(before);
    const sent = message();
    await l.revocations.publish(sent);
    await soon('the revoke after the reconnect', () => expect(l.heard).toEqual([sent]));
    l.revocations.close();
  });
});
