import type { AgentModels, BuildStatus, PriceTable, TokenUsage } from '@autowebiq/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export interface BuildEstimate {
  low_micro: string;
  expected_micro: string;
  high_micro: string;
}

@Entity('builds')
export class Build {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'account_id' }) accountId!: string;
  @Column('text') status!: BuildStatus;
  @Column('text') prompt!: string;
  @Column('jsonb') models!: AgentModels;
  /** Frozen at request time: later price changes never reprice a build. */
  @Column('jsonb', { name: 'price_table' }) priceTable!: PriceTable;
  @Column('jsonb', { nullable: true }) estimate!: BuildEstimate | null;
  /** Initial hold plus extensions, µcr. Kept by the ledger in the transfer's transaction. */
  @Column('bigint', { name: 'reserved_micro' }) reservedMicro!: string;
  @Column('bigint', { name: 'spent_micro' }) spentMicro!: string;
  @Column('bigint', { name: 'refunded_micro' }) refundedMicro!: string;
  @Column('jsonb', { nullable: true }) usage!: TokenUsage | null;
  @Column('text', { name: 'failure_reason', nullable: true }) failureReason!: string | null;
  @Column('timestamptz', { name: 'cancel_requested_at', nullable: true }) cancelRequestedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'started_at', nullable: true }) startedAt!: Date | null;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt!: Date | null;
  @Column('timestamptz', { name: 'settled_at', nullable: true }) settledAt!: Date | null;
  /** When the settled build's final events went out and its timeline reached build_events. */
  @Column('timestamptz', { name: 'final_events_at', nullable: true }) finalEventsAt!: Date | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
