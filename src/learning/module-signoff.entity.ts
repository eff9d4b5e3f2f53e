import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';

export type SignoffDecision = 'signed_off' | 'returned';

/** A supervisor's or coordinator's decision on a module; the latest one for a module is its state. */
@Entity('module_signoffs')
export class ModuleSignoff {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'enrolment_id', type: 'integer' })
  enrolmentId: number;

  @Column({ name: 'module_key', type: 'varchar', length: 100 })
  moduleKey: string;

  @Column({ type: 'varchar', length: 20 })
  decision: SignoffDecision;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ name: 'decided_by', type: 'integer' })
  decidedBy: number;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'decided_by' })
  decider?: User;

  @CreateDateColumn({ name: 'decided_at' })
  decidedAt: Date;
}
