import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Credits granted with an expiry: the grant's transfer, how many, until when, and what their expiry took back. */
@Entity('credit_lots')
export class CreditLot {
  @PrimaryColumn('bigint', { name: 'grant_transfer_id' }) grantTransferId!: string;
  @Column('uuid', { name: 'account_id' }) accountId!: string;
  /** bigint µcr, as a string. */
  @Column('bigint', { name: 'amount_micro' }) amountMicro!: string;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
  @Column('timestamptz', { name: 'settled_at', nullable: true }) settledAt!: Date | null;
  /** Set with `settled_at`: what the expiry moved from the wallet to system:grants. */
  @Column('bigint', { name: 'expired_micro', nullable: true }) expiredMicro!: string | null;
}
