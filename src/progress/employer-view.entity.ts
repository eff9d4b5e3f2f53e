import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const VIEW_KINDS = ['page', 'csv'] as const;
export type ViewKind = (typeof VIEW_KINDS)[number];

/** One look by an employer at one trainee's progress (the page, or a CSV export); the student can read the log. */
@Entity('employer_views')
export class EmployerView {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'enrolment_id', type: 'integer' })
  enrolmentId: number;

  @Column({ name: 'viewer_id', type: 'integer' })
  viewerId: number;

  @Column({ name: 'organisation_id', type: 'integer' })
  organisationId: number;

  @Column({ type: 'varchar', length: 10 })
  kind: ViewKind;

  @CreateDateColumn({ name: 'viewed_at' })
  viewedAt: Date;
}
