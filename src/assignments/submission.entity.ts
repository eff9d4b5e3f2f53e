import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { User } from '../users/user.entity';
import type { Decision, SubmissionState } from './milestones';

/**
 * One version a student handed in for a milestone, numbered 1, 2, 3… per milestone. Versions are
 * never changed after they are written, except for their state: submitted → approved, or
 * → revision_requested (and the student then hands in the next number).
 */
@Entity('assignment_submissions')
export class AssignmentSubmission {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'enrolment_id', type: 'integer' })
  enrolmentId: number;

  @Column({ name: 'milestone_key', type: 'varchar', length: 100 })
  milestoneKey: string;

  @Column({ type: 'integer' })
  number: number;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'varchar', length: 20 })
  state: SubmissionState;

  @Column({ name: 'submitted_by', type: 'integer' })
  submittedBy: number;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'submitted_by' })
  submitter?: User;

  @Column({ name: 'submitted_at', type: Date })
  submittedAt: Date;

  @OneToMany(() => SubmissionFile, (file) => file.submission)
  files?: SubmissionFile[];

  @OneToMany(() => AssignmentFeedback, (feedback) => feedback.submission)
  feedback?: AssignmentFeedback[];

  @VersionColumn()
  version: number;
}

/** An attachment of a version: checked by its content, stored under a random name outside the web root. */
@Entity('submission_files')
export class SubmissionFile {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'submission_id', type: 'integer' })
  submissionId: number;

  @ManyToOne(() => AssignmentSubmission, (submission) => submission.files, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission?: AssignmentSubmission;

  /** The name the student's file had, cleaned; shown and offered as the download name, never used on disk. */
  @Column({ name: 'original_name', type: 'varchar', length: 255 })
  originalName: string;

  /** 32 random hex digits: the file's name under UPLOAD_DIR. */
  @Column({ name: 'stored_name', type: 'varchar', length: 64 })
  storedName: string;

  /** From the detected content, not from what the browser said. */
  @Column({ name: 'media_type', type: 'varchar', length: 100 })
  mediaType: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes: number;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;
}

/** The assessor's written feedback on one version, with the decision it carried; one per version. */
@Entity('assignment_feedback')
export class AssignmentFeedback {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'submission_id', type: 'integer' })
  submissionId: number;

  @ManyToOne(() => AssignmentSubmission, (submission) => submission.feedback, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission?: AssignmentSubmission;

  @Column({ name: 'assessor_id', type: 'integer' })
  assessorId: number;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'assessor_id' })
  assessor?: User;

  @Column({ type: 'varchar', length: 20 })
  decision: Decision;

  @Column({ type: 'text' })
  text: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;
}
