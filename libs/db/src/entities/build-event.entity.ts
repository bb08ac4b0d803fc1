import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A finished build's event timeline, copied from Redis so replay outlives stream trimming. */
@Entity('build_events')
export class BuildEventRow {
  @PrimaryColumn('uuid', { name: 'build_id' }) buildId!: string;
  @PrimaryColumn('int') seq!: number;
  @Column('text') type!: string;
  @Column('jsonb') payload!: Record<string, unknown>;
}
