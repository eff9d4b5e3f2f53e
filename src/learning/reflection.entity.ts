import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Theme } from '../curricula/curriculum.types';

/** A student's written answer to a reflection prompt; private unless the student shares it with their supervisors. */
@Entity('reflections')
export class Reflection {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'enrolment_id', type: 'integer' })
  enrolmentId: number;

  @Column({ name: 'module_key', type: 'varchar', length: 100 })
  moduleKey: string;

  @Column({ name: 'prompt_key', type: 'varchar', length: 100 })
  promptKey: string;

  @Column({ type: 'text' })
  text: string;

  @Column({
    type: 'varchar',
    length: 300,
    transformer: { to: (themes: Theme[]) => themes.join(','), from: (value: string) => (value ? (value.split(',') as Theme[]) : []) },
  })
  themes: Theme[];

  @Column({ type: 'boolean', default: false })
  shared: boolean;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
