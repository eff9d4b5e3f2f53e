import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A lesson the student has marked done; removing the row undoes it. */
@Entity('lesson_progress')
export class LessonProgress {
  @PrimaryColumn({ name: 'enrolment_id', type: 'integer' })
  enrolmentId: number;

  @PrimaryColumn({ name: 'module_key', type: 'varchar', length: 100 })
  moduleKey: string;

  @PrimaryColumn({ name: 'lesson_key', type: 'varchar', length: 100 })
  lessonKey: string;

  @CreateDateColumn({ name: 'completed_at' })
  completedAt: Date;
}
