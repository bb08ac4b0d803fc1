import type { UnauthorizedNotice } from '@autowebiq/contracts';
import { AutoWebIQ, type ConnectionState, type RealtimeConnection, type RealtimeError } from '@autowebiq/sdk';
import {
  createAccount,
  eventually,
  startPlatform,
  type Platform,
  type TestAccount,
} from '@autowebiq/testing';
import { call } from './gateway-support';
import { connect, connected, connectError, type Client } from './realtime-support';

jest.setTimeout(120_000);

/**
 * Longer than any test here: a key that keeps working after its revoke can only have been served from a
 * cache that nobody told, never from one that expired.
 */
const CACHE_SECONDS = '300';
/** What "at once" means below: the notice crosses Redis in milliseconds; a loaded machine gets some slack. */
const PROMPTLY_MS = 2000;

/** Waits (polling every 25 ms) until `check`'s assertions pass, at most PROMPTLY_MS or `timeoutMs`. */
const promptly = <T>(what: string, check: () => T | Promise<T>, timeoutMs = PROMPTLY_MS) =>
  eventually(what, check, { timeoutMs, intervalMs: 25 });

/** A socket and what the server told it before closing it. */
function watch(client: Client) {
  const seen = {
    notices: [] as UnauthorizedNotice[],
    disconnect: undefined as string | undefined,
    noticesAtDisconnect: -1,
  };
  client.on('unauthorized', (n) => seen.notices.push(n));
  client.on('disconnect', (reason) => {
    seen.disconnect = reason;
    seen.noticesAtDisconnect = seen.notices.length;
  });
  return seen;
}

describe('revoking an API key reaches every gateway and realtime process (two gateways, realtime, Redis, Postgres)', () => {
  let platform: Platform;
  let owner: TestAccount;
  const clients: Client[] = [];
  const connections: RealtimeConnection[] = [];
  const open = (url: string, key: string) => {
    const client = connect(url, key);
    clients.push(client);
    return client;
  };
  /** A second key of the owner's account, made through the API: `{ id, key }`. */
  const newKey = async () => {
    const created = await call(platform.gatewayUrl, 'POST', '/v1/api-keys', {
      key: owner.apiKey,
      body: { name: 'doomed' },
    });
    expect(created.status).toBe(201);
    return { id: created.body.id as string, key: created.body.key as string };
  };
  const balanceStatus = async (gateway: string, key: string) =>
    (await call(gateway, 'GET', '/v1/balance', { key })).status;

  beforeAll(async () => {
    platform = await startPlatform({
      apps: ['realtime', 'api-gateway', 'api-gateway'],
      label: 'revoke',
      env: { API_KEY_CACHE_SECONDS: CACHE_SECONDS, REALTIME_AUTH_CACHE_SECONDS: CACHE_SECONDS },
    });
    owner = await createAccount(platform.gatewayUrl, platform.adminToken, 10, 'revoker');
  });

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    for (const c of connections) c.close();
    await platform?.stop();
  });

  it('closes the sockets of the key with a key_revoked notice, and every process refuses the key at once', async () => {
    const [first, second] = platform.gatewayUrls;
    const doomed = await newKey();
    // Every process has the key cached as good for CACHE_SECONDS from here on.
    expect([await balanceStatus(first, doomed.key), await balanceStatus(second, doomed.key)]).toEqual([
      200, 200,
    ]);
    const sockets = [
      await connected(open(platform.realtimeUrl, doomed.key)),
      await connected(open(platform.realtimeUrl, doomed.key)),
    ];
    const seen = sockets.map(watch);
    const bystander = watch(await connected(open(platform.realtimeUrl, owner.apiKey)));
    const sdk = new AutoWebIQ({
      baseUrl: first,
      apiKey: doomed.key,
      realtimeUrl: platform.realtimeUrl,
    }).realtime();
    connections.push(sdk);
    const sdkErrors: RealtimeError[] = [];
    const sdkStates: ConnectionState[] = [];
    sdk.on('error', (e) => sdkErrors.push(e));
    sdk.on('state', (s) => sdkStates.push(s));
    await promptly('the SDK connected', () => expect(sdk.state).toBe('connected'), 10_000);

    const revoke = await call(first, 'DELETE', `/v1/api-keys/${doomed.id}`, { key: owner.apiKey });
    expect(revoke.status).toBe(200);

    await promptly('both sockets of the key closed', () =>
      expect(seen.map((s) => s.disconnect)).toEqual(['io server disconnect', 'io server disconnect']),
    );
    for (const s of seen) {
      expect(s.notices).toEqual([{ error: { code: 'key_revoked', message: expect.any(String) } }]);
      expect(s.noticesAtDisconnect).toBe(1);
    }
    await promptly('the SDK told its user', () => {
      expect(sdkErrors.map((e) => e.code)).toEqual(['unauthorized']);
      expect(sdk.state).toBe('closed');
    });
    expect(sdkStates).not.toContain('reconnecting');

    expect((await connectError(open(platform.realtimeUrl, doomed.key))).message).toBe('unauthorized');
    await promptly('the other gateway refuses the key', async () =>
      expect(await balanceStatus(second, doomed.key)).toBe(401),
    );
    expect(await balanceStatus(first, doomed.key)).toBe(401);

    // Only that key: the account's other key and its socket go on.
    expect(bystander.disconnect).toBeUndefined();
    expect([await balanceStatus(first, owner.apiKey), await balanceStatus(second, owner.apiKey)]).toEqual([
      200, 200,
    ]);
    expect((await call(second, 'GET', '/v1/api-keys', { key: owner.apiKey })).body.data).toContainEqual(
      expect.objectContaining({ id: doomed.id, revoked_at: expect.any(String) }),
    );
  });

  it('closes a socket whose revoke notice never came within REALTIME_AUTH_CACHE_SECONDS', async () => {
    const recheckSeconds = 2;
    await platform.add('realtime', { REALTIME_AUTH_CACHE_SECONDS: String(recheckSeconds) });
    const node = platform.realtimeUrls.at(-1)!;
    const doomed = await newKey();
    const seen = watch(await connected(open(node, doomed.key)));

    // Revoked behind the gateway's back, so nothing is published: as if Redis had been down at the revoke.
    await platform.db!.dataSource.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1`, [doomed.id]);

    await promptly(
      'the socket closed by the re-check',
      () => expect(seen.disconnect).toBe('io server disconnect'),
      2 * recheckSeconds * 1000 + PROMPTLY_MS,
    );
    expect(seen.notices).toEqual([{ error: { code: 'key_revoked', message: expect.any(String) } }]);
    expect((await connectError(open(node, doomed.key))).message).toBe('unauthorized');
  });
});
