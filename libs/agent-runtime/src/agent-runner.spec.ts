import type { BullMqContext } from '@autowebiq/bus';
import { loadConfig } from '@autowebiq/config';
import type { AgentJobPayload } from '@autowebiq/contracts';
import {
  createTestDatabase,
  deleteRedisKeys,
  insertAccount,
  insertBuildRow,
  uniqueRedisPrefix,
  type TestDatabase,
} from '@autowebiq/testing';
import { UnrecoverableError } from 'bullmq';
import { AgentResources } from './agent-resources';
import { AgentRunner } from './agent-runner';
import { BuildStore } from './build-store';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A store whose build is cancelled between the runner's load and its markRunning, as a cancel can land. */
class CancelledMeanwhile extends BuildStore {
  constructor(private readonly db: TestDatabase) {
    super(db.dataSource);
  }

  override async markRunning(buildId: string): Promise<boolean> {
    await this.db.dataSource.query(
      `UPDATE builds SET status = 'cancelled', finished_at = now(), settled_at = now() WHERE id = $1`,
      [buildId],
    );
    return super.markRunning(buildId);
  }
}

describe('AgentRunner (real Postgres and Redis)', () => {
  const prefix = uniqueRedisPrefix('runner');
  let db: TestDatabase;
  let resources: AgentResources;

  beforeAll(async () => {
    db = await createTestDatabase('runner');
    resources = await AgentResources.create(
      'planner',
      loadConfig({ DATABASE_URL: db.url, REDIS_URL, REDIS_PREFIX: prefix, DATABASE_POOL_SIZE: '2' }),
    );
  });
  afterAll(async () => {
    await resources.close();
    await db.drop();
    await deleteRedisKeys(REDIS_URL, prefix);
  });

  const queuedBuild = async (): Promise<AgentJobPayload> => {
    const accountId = await insertAccount(db.dataSource, 10);
    const buildId = await insertBuildRow(db.dataSource, accountId);
    return {
      build_id: buildId,
      account_id: accountId,
      prompt: 'a bakery',
      models: {
        planner: 'local-template',
        image: 'local-template',
        frontend: 'local-template',
        testing: 'local-template',
      },
    };
  };
  const ctx = { signal: new AbortController().signal, attempt: 1 } as BullMqContext;
  const status = async (buildId: string) =>
    (await db.dataSource.query(`SELECT status FROM builds WHERE id = $1`, [buildId]))[0].status as string;

  it('opens a queued build: marks it running and lets the agent work', async () => {
    const payload = await queuedBuild();
    const runner = new AgentRunner(resources, new BuildStore(db.dataSource));
    await expect(runner.run('planner', payload, ctx, async () => 'planned')).resolves.toBe('planned');
    expect(await status(payload.build_id)).toBe('running');
  });

  it('does not start a build cancelled after it was loaded, and leaves it cancelled', async () => {
    const payload = await queuedBuild();
    const runner = new AgentRunner(resources, new CancelledMeanwhile(db));
    let worked = false;
    const run = runner.run('planner', payload, ctx, async () => {
      worked = true;
      return 'planned';
    });
    await expect(run).rejects.toThrow(UnrecoverableError);
    await expect(run).rejects.toThrow('The build is already cancelled');
    expect(worked).toBe(false);
    expect(await status(payload.build_id)).toBe('cancelled');
  });
});
