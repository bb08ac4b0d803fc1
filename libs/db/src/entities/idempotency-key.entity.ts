import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Stripe-style idempotency: a null status code means the first request is still running. */
@Entity('idempotency_keys')
export class IdempotencyKey {
  @PrimaryColumn('text') scope!: string;
  @PrimaryColumn('text') key!: string;
  @Column('text', { name: 'request_hash' }) requestHash!: string;
  @Column('int', { name: 'status_code', nullable: true }) statusCode!: number | null;
  @Column('jsonb', { nullable: true }) response!: unknown;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
