import { usageEventId } from '@autowebiq/contracts';
import { checkInvariants } from '@autowebiq/ledger';
import { planSite } from '@autowebiq/sitegen';
import { waitUntil } from '@autowebiq/testing';
import { bookProblems, restartedInstances, startFaultRig, type FaultRig } from './fault-support';
import { call } from './gateway-support';
import { buildEvents, requestBuild, timelineProblems, waitForEnd } from './pipeline-support';

jest.setTimeout(120_000);

const PROMPT = 'A tea house in Kyoto with a tasting menu';
const IMAGES = planSite(PROMPT).images.length;
const isFrontend = (body: { messages?: { content: string }[] }) =>
  body.messages?.[0]?.content.startsWith('You are the frontend agent') ?? false;

describe('a worker frozen (SIGSTOP) past its job lock, then thawed after the build ended', () => {
  let rig: FaultRig;

  beforeAll(async () => {
    // A lost lock is noticed after about JOB_LOCK_MS, so the job runs again on another worker within seconds.
    rig = await startFaultRig({ label: 'faultfreeze', env: { JOB_LOCK_MS: '3000' } });
  });

  afterAll(async () => {
    await rig?.stop();
  });

  it('the job runs again elsewhere; what the thawed worker sends late is neither billed to the user nor shown', async () => {
    const from = rig.vendor.requests.length;
    // Planner and images answer at once; the frontend streams long enough to be frozen in the middle.
    rig.vendor.script({}, ...Array.from({ length: IMAGES }, () => ({})), {
      chunks: Array.from({ length: 30 }, (_, i) => `part${i} `),
      chunkDelayMs: 100,
    });
    const id = await requestBuild(rig, PROMPT);
    await waitUntil(
      () => rig.vendor.requests.slice(from),
      (requests) => requests.some((r) => isFrontend(r.body)),
      { what: 'the frontend to call the model', describe: (requests) => `${requests.length} other requests` },
    );
    await rig.platform.kill('worker-frontend', 'SIGSTOP');
    await rig.platform.add('worker-frontend');

    const { build, events, final } = await waitForEnd(rig, id, 60_000);
    expect(build.status).toBe('completed');
    const ds = rig.platform.db!.dataSource;
    const balanceAtEnd = (
      await call(rig.platform.gatewayUrl, 'GET', '/v1/balance', { key: rig.account.apiKey })
    ).body;

    await rig.platform.kill('worker-frontend', 'SIGCONT');
    // The thawed worker finishes what it was doing: its usage for attempt 1 is billed, and it closes its run.
    const lateEvent = usageEventId(id, 'frontend', 1, 0);
    await waitUntil(
      async () =>
        (
          await ds.query(
            `SELECT (SELECT count(*) FROM usage_events WHERE event_id = $2)::int AS billed, finished_at
             FROM agent_runs WHERE build_id = $1 AND agent = 'frontend' AND attempt = 1`,
            [id, lateEvent],
          )
        )[0],
      (row) => row.billed === 1 && row.finished_at !== null,
      { what: 'the late usage to be recorded and attempt 1 to end' },
    );

    const runs = await ds.query(
      `SELECT attempt, status FROM agent_runs WHERE build_id = $1 AND agent = 'frontend' ORDER BY attempt`,
      [id],
    );
    // Attempt 1 is the frozen one; a loaded machine may see the re-run's lock lapse too (a third attempt).
    expect(runs[0].attempt).toBe(1);
    expect(
      runs.some((r: { attempt: number; status: string }) => r.attempt > 1 && r.status === 'completed'),
    ).toBe(true);
    expect(await bookProblems(ds, rig.redis, rig.platform.redisPrefix, id)).toEqual([]);
    const after = await call(rig.platform.gatewayUrl, 'GET', `/v1/builds/${id}`, { key: rig.account.apiKey });
    expect(after.body.spent_micro).toBe(build.spent_micro);
    const balance = (await call(rig.platform.gatewayUrl, 'GET', '/v1/balance', { key: rig.account.apiKey }))
      .body;
    expect(balance.credits_micro).toBe(balanceAtEnd.credits_micro);
    // Nothing follows the final event in the timeline clients replay.
    const timeline = await buildEvents(rig, id);
    expect(timeline.slice(events.length)).toEqual([]);
    expect(timeline.at(-1)).toEqual(final);
    expect(timelineProblems(timeline)).toEqual([]);
    expect(restartedInstances(rig)).toEqual([]);
    expect((await checkInvariants(ds)).checks.filter((c) => !c.ok)).toEqual([]);
  });
});
