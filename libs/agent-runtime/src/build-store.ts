import type { AgentModels, AgentType, BuildStatus, PriceTable } from '@autowebiq/contracts';
import { AgentRun, Build, BuildFile, type AgentRunStatus } from '@autowebiq/db';
import { In, IsNull, Like, type DataSource } from 'typeorm';

/** What an agent needs to know about the build it works on. */
export interface BuildInfo {
  id: string;
  accountId: string;
  status: BuildStatus;
  prompt: string;
  models: AgentModels;
  /** Frozen when the build was requested: every message's credits are priced with it. */
  priceTable: PriceTable;
  settled: boolean;
}

export interface StoredFile {
  path: string;
  contentType: string;
  content: Buffer;
}

/** The agents' reads and writes in Postgres: the build row, agent_runs and build_files. */
export class BuildStore {
  constructor(private readonly dataSource: DataSource) {}

  async load(buildId: string): Promise<BuildInfo | null> {
    const b = await this.dataSource.getRepository(Build).findOneBy({ id: buildId });
    if (!b) return null;
    return {
      id: b.id,
      accountId: b.accountId,
      status: b.status,
      prompt: b.prompt,
      models: b.models,
      priceTable: b.priceTable,
      settled: b.settledAt !== null,
    };
  }

  /** queued → running, once; true for the call that did it (it announces the build). */
  async markRunning(buildId: string): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(Build)
      .set({ status: 'running', startedAt: () => 'COALESCE(started_at, now())' })
      .where({ id: buildId, status: 'queued' })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /**
   * Records that an attempt started. Earlier attempts still marked running died
   * with their worker: they are failed now, so settle knows their usage was not used.
   */
  async startRun(buildId: string, agent: AgentType, attempt: number, model: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx
        .createQueryBuilder()
        .update(AgentRun)
        .set({ status: 'failed', finishedAt: () => 'now()' })
        .where({ buildId, agent, status: 'running' })
        .andWhere('attempt <> :attempt', { attempt })
        .execute();
      await tx
        .createQueryBuilder()
        .insert()
        .into(AgentRun)
        .values({
          buildId,
          agent,
          attempt,
          status: 'running',
          model,
          startedAt: () => 'now()',
          finishedAt: null,
        })
        .orUpdate(['status', 'model', 'started_at', 'finished_at'], ['build_id', 'agent', 'attempt'])
        .execute();
    });
  }

  async finishRun(
    buildId: string,
    agent: AgentType,
    attempt: number,
    status: Exclude<AgentRunStatus, 'running'>,
  ): Promise<void> {
    await this.dataSource
      .getRepository(AgentRun)
      .update({ buildId, agent, attempt }, { status, finishedAt: () => 'now()' });
  }

  async saveFiles(buildId: string, files: readonly StoredFile[]): Promise<void> {
    if (files.length === 0) return;
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(BuildFile)
      .values(files.map((f) => ({ buildId, path: f.path, contentType: f.contentType, content: f.content })))
      .orUpdate(['content_type', 'content'], ['build_id', 'path'])
      .execute();
  }

  /** The build's files, all of them or those whose path starts with `under`. */
  async loadFiles(
    buildId: string,
    options: { under?: string; paths?: string[] } = {},
  ): Promise<StoredFile[]> {
    const where = options.paths
      ? { buildId, path: In(options.paths) }
      : options.under
        ? { buildId, path: Like(`${options.under}%`) }
        : { buildId };
    const rows = await this.dataSource.getRepository(BuildFile).find({ where, order: { path: 'ASC' } });
    return rows.map((r) => ({ path: r.path, contentType: r.contentType, content: r.content }));
  }

  /**
   * The pipeline ended: stamps finished_at (and the failure reason, if any) unless
   * the build is already settled. Returns false for a settled build: nothing to settle.
   */
  async markFinished(buildId: string, failureReason?: string): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(Build)
      .set({
        finishedAt: () => 'COALESCE(finished_at, now())',
        ...(failureReason ? { failureReason: () => 'COALESCE(failure_reason, :reason)' } : {}),
      })
      .setParameter('reason', failureReason ?? null)
      .where({ id: buildId, settledAt: IsNull() })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
