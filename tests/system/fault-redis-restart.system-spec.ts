import { checkInvariants } from '@autowebiq/ledger';
import { redisKeys, StreamName } from '@autowebiq/contracts';
import { OwnRedis } from '@autowebiq/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  bookProblems,
  restartedInstances,
  startFaultRig,
  vendorRequests,
  type FaultRig,
} from './fault-support';
import { buildEvents, requestBuild, timelineProblems, waitForEnd } from './pipeline-support';
import type { Recorder } from './realtime-support';

jest.setTimeout(150_000);

const OUTAGE_MS = 1500;

describe('Redis stopped (SIGTERM) mid-build and started again on its AOF, as shipped: every service carries on by itself', () => {
  let redis: OwnRedis;
  let rig: FaultRig;

  beforeAll(async () => {
    redis = await OwnRedis.create({ aof: true, label: 'fault-redis' });
    rig = await startFaultRig({ label: 'faultredis', redisUrl: redis.url });
  });

  afterAll(async () => {
    await rig?.stop();
    await redis?.destroy();
  });

  it('every build in flight completes and pays exactly what it used, no usage event is lost, the books balance, no process restarted', async () => {
    const before = rig.vendor.requests.length;
    const builds: string[] = [];
    const watchers: Recorder[] = [];
    for (const prompt of [
      'A bakery in Lisbon',
      'A SaaS dashboard for fleet managers',
      'A wedding photographer portfolio',
    ]) {
      const id = await requestBuild(rig, prompt);
      builds.push(id);
      watchers.push(await rig.watch(id));
      await sleep(400);
    }
    // Model calls are streaming when Redis goes: usage, progress and job state are all in flight.
    await vendorRequests(rig, before, 4);
    const usageBefore = await rig.redis.xlen(redisKeys.stream(rig.platform.redisPrefix, StreamName.Usage));
    // A clean stop: Redis writes and fsyncs its AOF on the way out, so with the shipped settings it keeps every
    // acknowledged write. A kill -9 need not (docs/reliability.md); clients see the same dropped connections.
    await redis.kill('SIGTERM');
    await sleep(OUTAGE_MS);
    await redis.start();

    const after = await requestBuild(rig, 'A climbing gym after the outage');
    builds.push(after);
    watchers.push(await rig.watch(after));

    const ends = [];
    for (const id of builds) ends.push(await waitForEnd(rig, id, 90_000));
    const ds = rig.platform.db!.dataSource;
    for (const [i, id] of builds.entries()) {
      const { build, events, final } = ends[i];
      // Nothing here may fail a build: a clean stop keeps every acknowledged write, commands wait out the
      // outage, job locks (30 s) outlive it, an attempt it broke has two more, and the worker asks for the
      // settle again if Redis refused it; settle reads completed from agent_runs. Failed would be a bug.
      expect({ id, status: build.status }).toEqual({ id, status: 'completed' });
      expect({ id, problems: await bookProblems(ds, rig.redis, rig.platform.redisPrefix, id) }).toEqual({
        id,
        problems: [],
      });
      expect({ id, problems: timelineProblems(events) }).toEqual({ id, problems: [] });
      // The socket opened before the outage got the whole timeline live, in order, as the stream holds it.
      await watchers[i].until(
        (es) => es.some((e) => e.build_id === id && e.type === final.type),
        `${id} to end on the socket`,
      );
      expect(watchers[i].timeline(id)).toEqual(await buildEvents(rig, id));
    }
    // The outage hit work in progress: usage was still to come when Redis went away.
    expect(usageBefore).toBeLessThan(
      await rig.redis.xlen(redisKeys.stream(rig.platform.redisPrefix, StreamName.Usage)),
    );
    expect(await rig.redis.xlen(redisKeys.stream(rig.platform.redisPrefix, StreamName.UsageDeadLetter))).toBe(
      0,
    );
    expect(restartedInstances(rig)).toEqual([]);
    const report = await checkInvariants(ds);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });
});
