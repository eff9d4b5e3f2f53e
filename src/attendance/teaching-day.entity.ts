import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { Cohort } from '../cohorts/cohort.entity';

/** A day of teaching for a cohort, generated from the curriculum's schedule and editable by the coordinator. */
@Entity('teaching_days')
export class TeachingDay {
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

  @Column({ type: 'boolean', default: false })
  cancelled: boolean;

  /** This day's own start and end (HH:MM, Oslo time) and place where they differ from the cohort's; null: the cohort's. */
  @Column({ name: 'start_time', type: 'varchar', length: 5, nullable: true })
  startTime: string | null;

  @Column({ name: 'end_time', type: 'varchar', length: 5, nullable: true })
  endTime: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  place: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @VersionColumn()
  version: number;
}
