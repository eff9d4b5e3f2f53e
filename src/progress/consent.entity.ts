import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '../users/organisation.entity';

export type ConsentCause = 'student' | 'move';

/**
 * A student's choice, per enrolment, whether the employer organisation may follow their progress.
 * Every change is a new row, so the student sees when they granted and withdrew; the latest row counts,
 * and only for the organisation it names (a new employer needs a new consent). Moving the enrolment to
 * another employer ends a consent with a row of its own, written by the database with the move.
 */
@Entity('employer_consents')
export class EmployerConsent {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'enrolment_id', type: 'integer' })
  enrolmentId: number;

  @Column({ name: 'organisation_id', type: 'integer' })
  organisationId: number;

  @ManyToOne(() => Organisation)
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Column({ type: 'boolean' })
  granted: boolean;

  /** Who ended or gave it: the student's own choice, or a move of the enrolment to another employer. */
  @Column({ type: 'varchar', length: 10, default: 'student' })
  cause: ConsentCause;

  @CreateDateColumn({ name: 'changed_at' })
  changedAt: Date;
}
