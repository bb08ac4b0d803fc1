import { Column, Entity, PrimaryColumn } from 'typeorm';

export type AgentRunStatus = 'running' | 'completed' | 'failed' | 'cancelled';

/** One attempt of one agent on one build: tells settle which attempt's result was used. */
@Entity('agent_runs')
export class AgentRun {
  @PrimaryColumn('uuid', { name: 'build_id' }) buildId!: string;
  @PrimaryColumn('text') agent!: string;
  @PrimaryColumn('int') attempt!: number;
  @Column('text') status!: AgentRunStatus;
  @Column('text') model!: string;
  @Column('timestamptz', { name: 'started_at' }) startedAt!: Date;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt!: Date | null;
}
