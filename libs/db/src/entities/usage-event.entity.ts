import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A settled usage event. The primary key is the worker's deterministic event id: the exactly-once guard. */
@Entity('usage_events')
export class UsageEventRow {
  @PrimaryColumn('text', { name: 'event_id' }) eventId!: string;
  @Column('uuid', { name: 'build_id' }) buildId!: string;
  @Column('uuid', { name: 'account_id' }) accountId!: string;
  @Column('text') agent!: string;
  @Column('text') model!: string;
  @Column('int') attempt!: number;
  @Column('int', { name: 'call_index' }) callIndex!: number;
  @Column('int', { name: 'input_tokens' }) inputTokens!: number;
  @Column('int', { name: 'output_tokens' }) outputTokens!: number;
  @Column('int') images!: number;
  @Column('bigint', { name: 'credits_micro' }) creditsMicro!: string;
  @Column('int', { name: 'duration_ms' }) durationMs!: number;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt!: Date;
  @Column('timestamptz', { name: 'settled_at' }) settledAt!: Date;
}
