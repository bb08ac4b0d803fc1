import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('build_files')
export class BuildFile {
  @PrimaryColumn('uuid', { name: 'build_id' }) buildId!: string;
  @PrimaryColumn('text') path!: string;
  @Column('text', { name: 'content_type' }) contentType!: string;
  @Column('bytea') content!: Buffer;
}
