import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A person's identity at an OpenID provider (issuer and subject) tied to their account; see SignInLinks. */
@Entity('sign_in_links')
@Index('UQ_sign_in_links_subject', ['issuer', 'subject'], { unique: true })
export class SignInLink {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('IDX_sign_in_links_user')
  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ type: 'varchar', length: 500 })
  issuer: string;

  @Column({ type: 'varchar', length: 255 })
  subject: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
