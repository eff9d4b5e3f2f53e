import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, ValueTransformer } from 'typeorm';
import { epochMillis } from '../database/epoch-millis';

export type OutboxState = 'pending' | 'sent' | 'failed';

/** Extra header fields of one message, by name. */
export type MailHeaders = Record<string, string>;

/** Header fields as the outbox keeps them: a JSON object in a text column, null for none. */
export const jsonHeaders: ValueTransformer = {
  to: (value: MailHeaders | null | undefined) => (value && Object.keys(value).length > 0 ? JSON.stringify(value) : null),
  from: (value: string | null | undefined) => parseHeaders(value),
};

export function parseHeaders(value: string | null | undefined): MailHeaders | null {
  return value ? (JSON.parse(value) as MailHeaders) : null;
}

/**
 * One e-mail, written in the same transaction as the act that causes it and delivered afterwards by the
 * sender; rendered when it is written, so that what goes out is what the act saw.
 */
@Entity('mail_outbox')
@Index('IDX_mail_outbox_due', ['state', 'nextAttemptAt'])
export class OutboxMessage {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'to_address', type: 'varchar', length: 254 })
  toAddress: string;

  /** The template under views/mail/ it was rendered from, for the outbox page and for tests. */
  @Column({ type: 'varchar', length: 100 })
  template: string;

  @Column({ type: 'varchar', length: 5 })
  locale: string;

  @Column({ type: 'varchar', length: 300 })
  subject: string;

  /** The HTML part; emptied once sent, since it may hold a sign-in link meant for the recipient alone. */
  @Column({ type: 'text' })
  html: string;

  /** The plain-text part; emptied once sent, like the HTML part. */
  @Column({ type: 'text' })
  text: string;

  /**
   * Header fields the message carries besides the usual ones (a notification's List-Unsubscribe), as JSON;
   * emptied once sent, like the body, since the unsubscribe address is meant for the recipient alone.
   */
  @Column({ type: 'text', nullable: true, transformer: jsonHeaders })
  headers: MailHeaders | null;

  /** pending until delivered (sent) or given up on after the last attempt (failed). */
  @Column({ type: 'varchar', length: 10, default: 'pending' })
  state: OutboxState;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** Milliseconds since the epoch: not tried again before this. */
  @Column({ name: 'next_attempt_at', type: 'bigint', transformer: epochMillis })
  nextAttemptAt: number;

  /** A sender that claimed the message owns it until this time; after it, another may claim it. */
  @Column({ name: 'lease_until', type: 'bigint', nullable: true, transformer: epochMillis })
  leaseUntil: number | null;

  /** The sender (host:pid:random) that claimed it last; after delivery, the one that sent it. */
  @Column({ name: 'lease_owner', type: 'varchar', length: 64, nullable: true })
  leaseOwner: string | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'sent_at', type: 'bigint', nullable: true, transformer: epochMillis })
  sentAt: number | null;

  /** The SMTP server's answer to the delivery, kept for the administrator. */
  @Column({ name: 'smtp_response', type: 'varchar', length: 500, nullable: true })
  smtpResponse: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
