import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type LedgerAccountKind = 'wallet' | 'hold' | 'system';

/** `wallet:<accountId>`, `hold:<buildId>`, `system:grants`, `system:revenue`. Balance is a cache kept in step with transfers. */
@Entity('ledger_accounts')
export class LedgerAccount {
  @PrimaryColumn('text') id!: string;
  @Column('text') kind!: LedgerAccountKind;
  @Column('uuid', { name: 'account_id', nullable: true }) accountId!: string | null;
  @Column('uuid', { name: 'build_id', nullable: true }) buildId!: string | null;
  /** bigint µcr, as a string: pg never loses precision this way. */
  @Column('bigint') balance!: string;
  @Column('timestamptz', { name: 'released_at', nullable: true }) releasedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
