import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('transfers')
export class Transfer {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('text', { name: 'from_account' }) fromAccount!: string;
  @Column('text', { name: 'to_account' }) toAccount!: string;
  @Column('bigint') amount!: string;
  @Column('text') operation!: string;
  @Column('text') reason!: string;
  @Column('uuid', { name: 'account_id', nullable: true }) accountId!: string | null;
  @Column('uuid', { name: 'build_id', nullable: true }) buildId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
