import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { LocalisedText } from '../i18n/i18n';

/**
 * Proof that a student completed a programme. What it states is copied in at issue,
 * so the certificate reads the same however the records change later.
 */
@Entity('certificates')
export class Certificate {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'enrolment_id', type: 'integer' })
  enrolmentId: number;

  /** The public verification code: 128 bits of randomness, base64url. */
  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ name: 'student_name', type: 'varchar', length: 200 })
  studentName: string;

  @Column({ name: 'programme_slug', type: 'varchar', length: 100 })
  programmeSlug: string;

  @Column({ name: 'programme_title', type: 'simple-json' })
  programmeTitle: LocalisedText;

  @Column({ name: 'cohort_name', type: 'varchar', length: 200 })
  cohortName: string;

  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Column({ name: 'end_date', type: 'date' })
  endDate: string;

  @Column({ name: 'quarter_hours_approved', type: 'integer' })
  quarterHoursApproved: number;

  @Column({ name: 'issued_by', type: 'integer' })
  issuedBy: number;

  @CreateDateColumn({ name: 'issued_at' })
  issuedAt: Date;

  @Column({ name: 'revoked_at', type: Date, nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_by', type: 'integer', nullable: true })
  revokedBy: number | null;

  @Column({ name: 'revoke_reason', type: 'text', nullable: true })
  revokeReason: string | null;
}
