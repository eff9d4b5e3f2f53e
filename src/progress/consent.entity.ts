import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '../users/organisation.entity';

/**
 * A student's choice, per enrolment, whether the employer organisation may follow their progress.
 * Every change is a new row, so the student sees when they granted and withdrew; the latest row counts,
 * and only for the organisation it names (a new employer needs a new consent).
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

  @CreateDateColumn({ name: 'changed_at' })
  changedAt: Date;
}
