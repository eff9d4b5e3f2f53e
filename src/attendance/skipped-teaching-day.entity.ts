import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Cohort } from '../cohorts/cohort.entity';
import type { LocalisedText } from '../i18n/i18n';

/**
 * A day the cohort's schedule would have taught on, left out when its teaching days were generated because it is
 * a day off in Norway; kept so the coordinator sees what was skipped and why, and can add it back.
 */
@Entity('skipped_teaching_days')
export class SkippedTeachingDay {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'cohort_id', type: 'integer' })
  cohortId: number;

  @ManyToOne(() => Cohort, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cohort_id' })
  cohort?: Cohort;

  /** Calendar date, YYYY-MM-DD. */
  @Column({ type: 'date' })
  date: string;

  /** The holiday's name as the holiday library gives it, bokmål and English. */
  @Column({ type: 'simple-json' })
  holiday: LocalisedText;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
