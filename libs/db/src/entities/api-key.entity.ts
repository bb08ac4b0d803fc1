import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Keys are stored as a SHA-256 hash; the plain key is shown once, at creation. */
@Entity('api_keys')
export class ApiKey {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'account_id' }) accountId!: string;
  @Column('text', { nullable: true }) name!: string | null;
  /** The first characters of the key, so a person can tell keys apart. */
  @Column('text') prefix!: string;
  @Column('text', { name: 'key_hash' }) keyHash!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
}
