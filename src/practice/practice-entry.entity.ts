import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Theme } from '../curricula/curriculum.types';
import { Organisation } from '../users/organisation.entity';

export const ENTRY_STATES = ['draft', 'submitted', 'approved', 'returned'] as const;
export type EntryState = (typeof ENTRY_STATES)[number];

/**
 * Hours of practice a student logs: draft → submitted → approved, or → returned
 * with a comment (edited and submitted again). Approved entries are locked; undoing
 * an approval is a separate, recorded act.
 */
@Entity('practice_entries')
export class PracticeEntry {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'enrolment_id', type: 'integer' })
  enrolmentId: number;

  /** Calendar date, YYYY-MM-DD. */
  @Column({ type: 'date' })
  date: string;

  /** Hours in quarter-hour steps, stored as whole quarters so sums stay exact. */
  @Column({ name: 'quarter_hours', type: 'integer' })
  quarterHours: number;

  @Column({ name: 'placement_id', type: 'integer' })
  placementId: number;

  @ManyToOne(() => Organisation)
  @JoinColumn({ name: 'placement_id' })
  placement?: Organisation;

  @Column({ type: 'varchar', length: 100 })
  category: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text', nullable: true })
  reflection: string | null;

  @Column({
    name: 'reflection_themes',
    type: 'varchar',
    length: 300,
    default: '',
    transformer: { to: (themes: Theme[] | undefined) => (themes ?? []).join(','), from: (value: string) => (value ? (value.split(',') as Theme[]) : []) },
  })
  reflectionThemes: Theme[];

  @Column({ name: 'reflection_shared', type: 'boolean', default: false })
  reflectionShared: boolean;

  @Column({ type: 'varchar', length: 12 })
  state: EntryState;

  /** The supervisor's comment when returned, or the reason an approval was revoked. */
  @Column({ name: 'return_comment', type: 'text', nullable: true })
  returnComment: string | null;

  @Column({ name: 'submitted_at', type: Date, nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'decided_at', type: Date, nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decided_by', type: 'integer', nullable: true })
  decidedBy: number | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
