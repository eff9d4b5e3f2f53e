import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CurriculumContent } from './curriculum.types';

/**
 * One loaded state of a programme file, never changed after it is written.
 * A cohort points at the version it started on, so later edits to the file
 * do not change the rules under it.
 */
@Entity('curriculum_versions')
export class CurriculumVersion {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 100 })
  slug: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;

  /** The validated structure with every lesson's text. */
  @Column({ type: 'simple-json' })
  content: CurriculumContent;

  @CreateDateColumn({ name: 'loaded_at' })
  loadedAt: Date;
}
