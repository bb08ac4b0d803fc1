import { redisKeys, StreamName } from '@autowebiq/contracts';
import { checkInvariants } from '@autowebiq/ledger';
import { createTestDatabase, OwnPostgres, waitUntil, type TestDatabase } from '@autowebiq/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  bookProblems,
  restartedInstances,
  startFaultRig,
  vendorRequests,
  type FaultRig,
} from './fault-support';
import { billingGroup } from './billing-kit';
import { call, type Answer } from './gateway-support';
import { requestBuild, timelineProblems, waitForEnd } from './pipeline-support';

jest.setTimeout(150_000);

const OUTAGE_MS = 4000;

/** Usage entries billing has not acknowledged yet: read but pending, or not read at all. */
async function unacknowledgedUsage(rig: FaultRig): Promise<number> {
  const group = await billingGroup(rig.redis, rig.platform.redisPrefix);
  return Number(group?.pending ?? 0) + Number(group?.lag ?? 0);
}

describe('Postgres stopped for a few seconds mid-build: 503s meanwhile, then everything settles, nothing lost', () => {
  let pg: OwnPostgres;
  let db: TestDatabase;
  let rig: FaultRig;
  let api: (method: string, path: string, o?: Parameters<typeof call>[3]) => Promise<Answer>;

  beforeAll(async () => {
    pg = await OwnPostgres.create('fault-pg');
    db = await createTestDatabase('faultpg', pg.url);
    // The default retry backoff of agent jobs (2 s, then 4 s) is what lets a job ride out an outage this long.
    rig = await startFaultRig({ label: 'faultpg', databaseUrl: db.url, env: { JOB_BACKOFF_MS: '2000' } });
    api = (method, path, o) => call(rig.platform.gatewayUrl, method, path, { key: rig.account.apiKey, ...o });
  });

  afterAll(async () => {
    await rig?.stop();
    await db?.drop().catch(() => undefined);
    await pg?.destroy();
  });

  it('the gateway answers 503 with Retry-After, billing holds the usage back and bills it after, every build settles', async () => {
    const before = rig.vendor.requests.length;
    const builds: string[] = [];
    for (const prompt of [
      'A ramen bar in Osaka',
      'An accounting firm for freelancers',
      'A dog-walking service',
    ]) {
      builds.push(await requestBuild(rig, prompt));
      await sleep(400);
    }
    await vendorRequests(rig, before, 4);
    const usageStream = redisKeys.stream(rig.platform.redisPrefix, StreamName.Usage);
    const usageAtStop = await rig.redis.xlen(usageStream);
    await pg.stop();
    const stoppedAt = Date.now();

    const answers: Answer[] = [];
    let unbilled = 0;
    while (Date.now() - stoppedAt < OUTAGE_MS) {
      answers.push(await api('GET', '/v1/balance'));
      answers.push(await api('GET', `/v1/builds/${builds[0]}`));
      unbilled = Math.max(unbilled, await unacknowledgedUsage(rig));
      await sleep(300);
    }
    const duringOutage = await api('POST', '/v1/builds', {
      body: { prompt: 'A florist, asked for during the outage' },
      idempotencyKey: 'pg-outage-1',
    });
    answers.push(duringOutage);
    const usageAtStart = await rig.redis.xlen(usageStream);
    await pg.start();

    for (const res of answers) {
      expect({ status: res.status, code: res.body?.error?.code }).toEqual({
        status: 503,
        code: 'unavailable',
      });
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Workers kept metering calls that were in flight; billing acknowledged none of them while Postgres was away.
    expect(usageAtStart).toBeGreaterThan(usageAtStop);
    expect(unbilled).toBeGreaterThan(0);

    const retried = await waitUntil(
      () =>
        api('POST', '/v1/builds', {
          body: { prompt: 'A florist, asked for during the outage' },
          idempotencyKey: 'pg-outage-1',
        }),
      (res) => res.status !== 503,
      {
        what: 'the retried request to be answered other than 503',
        timeoutMs: 30_000,
        intervalMs: 250,
        describe: (res) => `HTTP ${res.status}`,
      },
    );
    expect(retried.status).toBe(202);
    builds.push(retried.body.build.id);

    for (const id of builds) {
      const { build, events } = await waitForEnd(rig, id, 90_000);
      expect({ id, status: build.status }).toEqual({
        id,
        status: expect.stringMatching(/^(completed|failed)$/),
      });
      expect({
        id,
        problems: await bookProblems(db.dataSource, rig.redis, rig.platform.redisPrefix, id),
      }).toEqual({ id, problems: [] });
      expect({ id, problems: timelineProblems(events) }).toEqual({ id, problems: [] });
    }
    const [{ count }] = await db.dataSource.query(
      `SELECT count(*)::int AS count FROM builds WHERE prompt LIKE 'A florist%'`,
    );
    expect(count).toBe(1);
    expect(await unacknowledgedUsage(rig)).toBe(0);
    expect(await rig.redis.xlen(redisKeys.stream(rig.platform.redisPrefix, StreamName.UsageDeadLetter))).toBe(
      0,
    );
    expect(restartedInstances(rig)).toEqual([]);
    const report = await checkInvariants(db.dataSource);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });
});
