import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Statement } from 'better-sqlite3';
import { DataSource, LessThan, Repository } from 'typeorm';
import { sqliteConnection } from '../database/prepared-sql';
import { Transactions } from '../database/transactions';
import { MailHeaders, OutboxMessage, OutboxState, parseHeaders } from './outbox-message.entity';

/**
 * Claims the message due first that no live lease holds, in one statement, so that of several senders
 * (threads of one process or several processes) exactly one gets it. SQLite runs one writing statement at a
 * time on the whole file; on PostgreSQL the row is locked by the subquery, and a sender that finds it locked
 * skips to the next one instead of waiting. The conditions are repeated outside the subquery so that a row
 * changed by another sender in between is checked again as it now stands.
 */
const CLAIM = (lock: string) => `
  UPDATE mail_outbox
  SET lease_owner = :owner, lease_until = :leaseUntil, attempts = attempts + 1
  WHERE id = (
      SELECT id FROM mail_outbox
      WHERE state = 'pending' AND next_attempt_at <= :now AND (lease_until IS NULL OR lease_until <= :now)
      ORDER BY next_attempt_at, id
      LIMIT 1${lock}
    )
    AND state = 'pending' AND (lease_until IS NULL OR lease_until <= :now)
  RETURNING id, to_address, subject, html, "text", headers, attempts`;

/**
 * Delivered. Whoever holds the lease, the message went out: it is never sent again. The body goes, since it
 * holds sign-in links and nobody may read it now that it is sent; so do the headers, with their unsubscribe link.
 */
const MARK_SENT = `
  UPDATE mail_outbox
  SET state = 'sent', sent_at = :now, smtp_response = :response, last_error = NULL, lease_until = NULL, html = '', "text" = '', headers = NULL
  WHERE id = :id AND state = 'pending'
  RETURNING id`;

/** A failed attempt, by the sender that still holds the lease: tried again later, or given up on. */
const MARK_FAILED_ATTEMPT = `
  UPDATE mail_outbox
  SET state = :state, next_attempt_at = :nextAttemptAt, last_error = :error, lease_until = NULL
  WHERE id = :id AND lease_owner = :owner AND state = 'pending'
  RETURNING id`;

/** A message given up on, sent again from the start at an administrator's request. */
const RETRY = `
  UPDATE mail_outbox
  SET state = 'pending', attempts = 0, next_attempt_at = :now, lease_until = NULL, lease_owner = NULL
  WHERE id = :id AND state = 'failed'
  RETURNING id`;

interface ClaimRow {
  id: number;
  to_address: string;
  subject: string;
  html: string;
  text: string;
  headers: string | null;
  attempts: number | string;
}

/** A message a sender holds the lease on, with what it needs to send it. */
export interface ClaimedMail {
  id: number;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Header fields besides the usual ones, such as List-Unsubscribe. */
  headers: MailHeaders | null;
  /** Attempts so far, this one counted. */
  attempts: number;
}

/** A message as the outbox page lists it, without its body. */
export type OutboxSummary = Pick<
  OutboxMessage,
  'id' | 'toAddress' | 'template' | 'locale' | 'subject' | 'state' | 'attempts' | 'nextAttemptAt' | 'lastError' | 'sentAt' | 'smtpResponse' | 'createdAt'
>;

const SUMMARY = {
  id: true,
  toAddress: true,
  template: true,
  locale: true,
  subject: true,
  state: true,
  attempts: true,
  nextAttemptAt: true,
  lastError: true,
  sentAt: true,
  smtpResponse: true,
  createdAt: true,
} as const;

type Params = Record<string, string | number | null>;

/** The outbox's reads and writes: the sender's claims and marks, and the administrators' page. */
@Injectable()
export class OutboxRepository {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    @InjectRepository(OutboxMessage) private readonly outbox: Repository<OutboxMessage>,
  ) {}

  /** Takes the lease on the message due first, counting the attempt; null when none is due. */
  async claimNext(owner: string, now: number, leaseMs: number): Promise<ClaimedMail | null> {
    const postgres = this.dataSource.options.type === 'postgres';
    const [row] = await this.write<ClaimRow>(CLAIM(postgres ? ' FOR UPDATE SKIP LOCKED' : ''), { owner, now, leaseUntil: now + leaseMs });
    if (!row) return null;
    return { id: Number(row.id), to: row.to_address, subject: row.subject, html: row.html, text: row.text, headers: parseHeaders(row.headers), attempts: Number(row.attempts) };
  }

  /** Marks a message delivered with the server's answer; false when it was no longer waiting to be sent. */
  async markSent(id: number, now: number, response: string): Promise<boolean> {
    return (await this.write(MARK_SENT, { id, now, response: response.slice(0, 500) })).length > 0;
  }

  /** Records a failed attempt; false when the lease was lost to another sender, who now decides. */
  async markFailedAttempt(id: number, owner: string, outcome: { state: OutboxState; nextAttemptAt: number }, error: string): Promise<boolean> {
    return (await this.write(MARK_FAILED_ATTEMPT, { id, owner, state: outcome.state, nextAttemptAt: outcome.nextAttemptAt, error })).length > 0;
  }

  /** Puts a failed message back in line, due now, with all its attempts; false unless it had failed. */
  async retry(id: number, now: number): Promise<boolean> {
    return (await this.write(RETRY, { id, now })).length > 0;
  }

  /**
   * Forgets sent messages older than `before`: their bodies were emptied when they went out, and after that
   * they only tell an administrator that a message to an address was sent. Failed ones stay until looked at.
   */
  async pruneSent(before: number): Promise<number> {
    const result = await this.outbox.delete({ state: 'sent', sentAt: LessThan(before) });
    return result.affected ?? 0;
  }

  async countByState(): Promise<Record<OutboxState, number>> {
    const rows = await this.outbox.createQueryBuilder('m').select('m.state', 'state').addSelect('COUNT(*)', 'count').groupBy('m.state').getRawMany<{ state: OutboxState; count: string | number }>();
    const counts: Record<OutboxState, number> = { pending: 0, sent: 0, failed: 0 };
    for (const { state, count } of rows) counts[state] = Number(count);
    return counts;
  }

  /** One page of the outbox, newest first, in one state or all. */
  page(state: OutboxState | undefined, offset: number, limit: number): Promise<OutboxSummary[]> {
    return this.outbox.find({ select: SUMMARY, where: state ? { state } : {}, order: { id: 'DESC' }, skip: offset, take: limit });
  }

  /** One message; its body only when asked for. */
  find(id: number, withBody: boolean): Promise<OutboxSummary & Partial<Pick<OutboxMessage, 'html' | 'text'>> | null> {
    return this.outbox.findOne({ select: withBody ? { ...SUMMARY, html: true, text: true } : SUMMARY, where: { id } });
  }

  /**
   * One writing statement whose RETURNING rows are answered. On SQLite it runs straight on the shared
   * connection, in its own implicit transaction, when no transaction is open there; while one is, the
   * statement would become part of it (and be undone with it), so it waits its turn in the queue instead.
   * On PostgreSQL it runs on a pooled connection in autocommit.
   */
  private async write<R = { id: number }>(sql: string, params: Params): Promise<R[]> {
    const [text, values] = this.dataSource.driver.escapeQueryWithParameters(sql, params);
    const connection = sqliteConnection(this.dataSource);
    if (connection) {
      const run = () => {
        this.dataSource.logger.logQuery(text, values);
        let statement = this.statements.get(text);
        if (!statement) this.statements.set(text, (statement = connection.prepare(text)));
        return statement.all(values) as R[];
      };
      if (!connection.inTransaction) return run();
      return this.transactions.run(async () => run());
    }
    const runner = this.dataSource.createQueryRunner();
    try {
      return (await runner.query(text, values, true)).records as R[];
    } finally {
      await runner.release();
    }
  }
}
