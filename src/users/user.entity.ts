import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Organisation } from './organisation.entity';
import type { Role } from '../common/roles';
import { epochMillis } from '../database/epoch-millis';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  /** Stored lower-case; unique. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true, select: false })
  passwordHash: string | null;

  /** The person's chosen language; null follows the browser. */
  @Column({ type: 'varchar', length: 5, nullable: true })
  locale: string | null;

  @Column({ name: 'organisation_id', type: 'integer', nullable: true })
  organisationId: number | null;

  @ManyToOne(() => Organisation, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Milliseconds since the epoch of the last successful sign-in; null before the first. */
  @Column({
    name: 'last_sign_in_at',
    type: 'bigint',
    nullable: true,
    transformer: epochMillis,
  })
  lastSignInAt: number | null;

  /** The generation of the person's private calendar address; renewing it moves this on, and the old address stops working. */
  @Column({ name: 'calendar_generation', type: 'integer', default: 1 })
  calendarGeneration: number;

  @OneToMany(() => UserRole, (role) => role.user, { cascade: true, eager: true })
  roleRows: UserRole[];

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;

  @VersionColumn()
  version: number;

  get roles(): Role[] {
    return (this.roleRows ?? []).map((row) => row.role).sort();
  }

  hasRole(...roles: Role[]): boolean {
    return this.roles.some((role) => roles.includes(role));
  }
}

@Entity('user_roles')
export class UserRole {
  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId: number;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  role: Role;

  @ManyToOne(() => User, (user) => user.roleRows, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: User;
}
