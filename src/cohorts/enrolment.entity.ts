import { Column, CreateDateColumn, Entity, JoinColumn, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { Organisation } from '../users/organisation.entity';
import { User } from '../users/user.entity';
import { Cohort } from './cohort.entity';

/** A student's place in a cohort, with the supervisors and the employer who follow it. */
@Entity('enrolments')
export class Enrolment {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'cohort_id', type: 'integer' })
  cohortId: number;

  // One way only, so that the cohort's file does not import this one back: enrolments are queried by cohort, never loaded through it.
  @ManyToOne(() => Cohort, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cohort_id' })
  cohort?: Cohort;

  @Column({ name: 'student_id', type: 'integer' })
  studentId: number;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'student_id' })
  student?: User;

  @Column({ name: 'employer_organisation_id', type: 'integer', nullable: true })
  employerOrganisationId: number | null;

  @ManyToOne(() => Organisation, { nullable: true })
  @JoinColumn({ name: 'employer_organisation_id' })
  employerOrganisation?: Organisation | null;

  /** The supervisor the coordinator named to assess the project assignment; null: the coordinators assess. */
  @Column({ name: 'assessor_id', type: 'integer', nullable: true })
  assessorId: number | null;

  @ManyToMany(() => User)
  @JoinTable({ name: 'enrolment_supervisors', joinColumn: { name: 'enrolment_id' }, inverseJoinColumn: { name: 'user_id' } })
  supervisors?: User[];

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @VersionColumn()
  version: number;
}
