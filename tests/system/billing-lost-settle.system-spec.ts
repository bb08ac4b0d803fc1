import { jobIds, QueueName, redisKeys, type SettleJobPayload } from '@autowebiq/contracts';
import { checkInvariants } from '@autowebiq/ledger';
import { waitUntil } from '@autowebiq/testing';
import { Queue } from 'bullmq';
import { bookProblems } from './fault-support';
import { requestBuild, startPipeline, waitForEnd, type PipelineRig } from './pipeline-support';

jest.setTimeout(150_000);

const SETTLE_REQUEST_AFTER_MS = 2000;

describe('a completed build whose settle request was lost (whole pipeline as processes)', () => {
  let rig: PipelineRig;
  let queue: Queue;

  beforeAll(async () => {
    rig = await startPipeline('lostsettle', {
      env: {
        SWEEP_INTERVAL_MS: '500',
        SETTLE_REQUEST_AFTER_MS: String(SETTLE_REQUEST_AFTER_MS),
        SETTLE_WAIT_MS: '3000',
      },
    });
    queue = new Queue(QueueName.BillingSettle, {
      connection: rig.redis,
      prefix: redisKeys.bullPrefix(rig.platform.redisPrefix),
    });
  });

  afterAll(async () => {
    await queue?.close();
    await rig?.stop();
  });

  it("is settled by billing's sweeper within seconds as completed: charged what ran, build_complete sent, the books balanced", async () => {
    const ds = rig.platform.db!.dataSource;
    // With billing down nobody takes the settle job the worker adds, so the test can lose it on purpose.
    await rig.platform.kill('billing');
    const id = await requestBuild(rig, 'A family bakery in Porto with a daily bread menu');
    const job = await waitUntil(
      () => queue.getJob(jobIds.settle(id)),
      (j) => j !== undefined,
      { what: `the worker to request the settle of ${id}`, timeoutMs: 60_000, intervalMs: 100 },
    );
    expect(job!.data).toEqual({ build_id: id, trigger: 'pipeline_finished' });
    // As if the worker had died between the last stage and the add, or Redis had refused every try.
    await job!.remove();
    const [finished] = await ds.query(`SELECT finished_at, settled_at FROM builds WHERE id = $1`, [id]);
    expect(finished.finished_at).not.toBeNull();
    expect(finished.settled_at).toBeNull();

    await rig.platform.restart('billing');
    const restarted = Date.now();
    const { build, final } = await waitForEnd(rig, id, 30_000);

    expect(build.status).toBe('completed');
    expect(final.type).toBe('build_complete');
    // Asked again once the build had been finished SETTLE_REQUEST_AFTER_MS, not after the hour of its hold.
    expect(Date.now() - restarted).toBeLessThan(SETTLE_REQUEST_AFTER_MS + 20_000);
    expect(((await queue.getJob(jobIds.settle(id)))?.data as SettleJobPayload).trigger).toBe(
      'pipeline_finished',
    );
    // Exactly the usage of the attempts used is paid, the rest of the hold is back, every reported event billed.
    expect(await bookProblems(ds, rig.redis, rig.platform.redisPrefix, id)).toEqual([]);
    expect(build.spent).toBeGreaterThan(0);
    const report = await checkInvariants(ds);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });
});
