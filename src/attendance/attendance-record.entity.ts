import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ATTENDANCE_STATUSES = ['present', 'absent', 'excused'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** One student's attendance on one teaching day, as last recorded. */
@Entity('attendance_records')
export class AttendanceRecord {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'teaching_day_id', type: 'integer' })
  teachingDayId: number;

  @Column({ name: 'enrolment_id', type: 'integer' })
  enrolmentId: number;

  @Column({ type: 'varchar', length: 10 })
  status: AttendanceStatus;

  @Column({ name: 'recorded_by', type: 'integer' })
  recordedBy: number;

  @CreateDateColumn({ name: 'recorded_at' })
  recordedAt: Date;
}

/** Every change to attendance: who changed it, when, from what to what. */
@Entity('attendance_changes')
export class AttendanceChange {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'teaching_day_id', type: 'integer' })
  teachingDayId: number;

  @Column({ name: 'enrolment_id', type: 'integer' })
  enrolmentId: number;

  @Column({ name: 'old_status', type: 'varchar', length: 10, nullable: true })
  oldStatus: AttendanceStatus | null;

  @Column({ name: 'new_status', type: 'varchar', length: 10 })
  newStatus: AttendanceStatus;

  @Column({ name: 'changed_by', type: 'integer' })
  changedBy: number;

  @CreateDateColumn({ name: 'changed_at' })
  changedAt: Date;
}
