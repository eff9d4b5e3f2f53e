import { Column, CreateDateColumn, Entity, JoinColumn, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { CurriculumVersion } from '../curricula/curriculum-version.entity';
import { User } from '../users/user.entity';

/** A group of students following one programme from one start date, pinned to one curriculum version. */
@Entity('cohorts')
export class Cohort {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'curriculum_version_id', type: 'integer' })
  curriculumVersionId: number;

  @ManyToOne(() => CurriculumVersion)
  @JoinColumn({ name: 'curriculum_version_id' })
  curriculumVersion?: CurriculumVersion;

  /** Calendar date, YYYY-MM-DD. */
  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  /** The weekdays teaching days are generated on, chosen by the coordinator (defaults from the curriculum). */
  @Column({
    name: 'teaching_weekdays',
    type: 'varchar',
    length: 100,
    nullable: true,
    transformer: {
      to: (days: string[] | null | undefined) => (days?.length ? days.join(',') : null),
      from: (value: string | null) => (value ? value.split(',') : []),
    },
  })
  teachingWeekdays: string[];

  /** When a teaching day usually starts and ends, HH:MM in Oslo time. */
  @Column({ name: 'start_time', type: 'varchar', length: 5, default: '09:00' })
  startTime: string;

  @Column({ name: 'end_time', type: 'varchar', length: 5, default: '15:00' })
  endTime: string;

  /** Where the cohort is usually taught, as people would write it ("Kronstad, rom 2.14"); empty when not given. */
  @Column({ type: 'varchar', length: 200, default: '' })
  place: string;

  @ManyToMany(() => User)
  @JoinTable({ name: 'cohort_coordinators', joinColumn: { name: 'cohort_id' }, inverseJoinColumn: { name: 'user_id' } })
  coordinators?: User[];

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @VersionColumn()
  version: number;
}
