import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import * as path from 'path';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, Repository, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { isLocale, DEFAULT_LOCALE } from '../i18n/i18n';
import { MailRenderer } from './mail-renderer';
import { MailSender } from './mail-sender';
import { MailHeaders, OutboxMessage } from './outbox-message.entity';

/** A message to write to the outbox: rendered from views/mail/<template>.*.hbs in the recipient's language. */
export interface MailMessage {
  to: string;
  template: string;
  /** The recipient's language; bokmål when they have not chosen one. */
  locale: string | null | undefined;
  data: Record<string, unknown>;
  /** Header fields besides the usual ones: a notification's List-Unsubscribe and List-Unsubscribe-Post. */
  headers?: MailHeaders;
}

/** A header field's name as RFC 5322 allows it, and a value on one line: nothing that could start another field. */
const HEADER_NAME = /^[A-Za-z][A-Za-z0-9-]{0,60}$/;
const HEADER_VALUE = /^[^\r\n\0]{1,900}$/;

/**
 * Writes e-mail to the outbox. Pass the transaction's entity manager so that the message is stored with
 * the act that causes it, or not at all; the sender delivers it afterwards, woken as soon as the
 * transaction has committed (and not at all when it is rolled back).
 */
@Injectable()
export class MailService implements EntitySubscriberInterface<OutboxMessage> {
  private readonly renderer: MailRenderer;
  /** Transactions that wrote mail and are still open: the sender is woken when one commits. */
  private readonly wroteMail = new WeakSet<QueryRunner>();

  constructor(
    @InjectRepository(OutboxMessage) private readonly outbox: Repository<OutboxMessage>,
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDataSource() dataSource: DataSource,
    private readonly sender: MailSender,
  ) {
    this.renderer = new MailRenderer(path.join(config.viewsDir, 'mail'), config.publicUrl, config.cacheViews);
    // Told of every commit and rollback, to wake the sender after the ones that wrote mail; entity events
    // only for the outbox (listenTo), so that other tables' writes cost nothing.
    dataSource.subscribers.push(this);
  }

  async enqueue(message: MailMessage, manager?: EntityManager, now = Date.now()): Promise<number> {
    if (!this.renderer.has(message.template)) throw new Error(`No mail template "${message.template}" in views/mail/`);
    for (const [name, value] of Object.entries(message.headers ?? {})) {
      if (!HEADER_NAME.test(name) || !HEADER_VALUE.test(value)) throw new Error(`Header field "${name}" cannot be sent as given`);
    }
    const locale = isLocale(message.locale) ? message.locale : DEFAULT_LOCALE;
    const rendered = this.renderer.render(message.template, locale, message.data);
    const repository = manager ? manager.getRepository(OutboxMessage) : this.outbox;
    const result = await repository.insert({
      toAddress: message.to.toLowerCase(),
      template: message.template,
      locale,
      subject: rendered.subject.slice(0, 300),
      html: rendered.html,
      text: rendered.text,
      headers: message.headers ?? null,
      state: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      leaseUntil: null,
      leaseOwner: null,
      lastError: null,
      sentAt: null,
      smtpResponse: null,
    });
    const transaction = manager?.queryRunner;
    if (transaction?.isTransactionActive) this.wroteMail.add(transaction);
    else this.sender.wake();
    return Number(result.identifiers[0].id);
  }

  listenTo() {
    return OutboxMessage;
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // A savepoint released inside the transaction commits nothing yet.
    if (event.queryRunner.isTransactionActive) return;
    if (this.wroteMail.delete(event.queryRunner)) this.sender.wake();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.wroteMail.delete(event.queryRunner);
  }
}
