import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { paging } from '../common/paging';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { MailSender } from './mail-sender';
import type { OutboxState } from './outbox-message.entity';
import { OutboxRepository, OutboxSummary } from './outbox.repository';

const STATES: OutboxState[] = ['failed', 'pending', 'sent'];

/**
 * The administrators' view of the outbox: what was sent, what waits and what failed, and a new start for a
 * failed message. The bodies hold sign-in links meant for their recipients alone, so they are shown only
 * where mail is not sent at all (no SMTP server: the development outbox), and never read otherwise.
 */
@Injectable()
export class MailOutboxService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxRepository,
    private readonly sender: MailSender,
  ) {}

  /** Whether mail goes out; when it does not, administrators may read it here instead. */
  private get sends(): boolean {
    return this.config.smtpUrl !== undefined;
  }

  async list(query: { state?: unknown; page?: unknown }) {
    const state = STATES.find((s) => s === query.state);
    const counts = await this.outbox.countByState();
    const total = state ? counts[state] : counts.pending + counts.sent + counts.failed;
    const pages = paging(query.page, total);
    const messages = total === 0 ? [] : await this.outbox.page(state, pages.offset, pages.limit);
    return {
      title: 'mailOutbox.title',
      ...this.setting(),
      counts,
      total: counts.pending + counts.sent + counts.failed,
      state,
      filters: [undefined, ...STATES].map((s) => ({ state: s, count: s ? counts[s] : counts.pending + counts.sent + counts.failed, current: s === state })),
      messages: messages.map((m) => this.summary(m)),
      pages,
    };
  }

  async show(id: number) {
    const message = await this.outbox.find(id, !this.sends);
    if (!message) throw new NotFoundException();
    return { title: 'mailOutbox.message.title', ...this.setting(), message: { ...this.summary(message), text: message.text } };
  }

  /** The HTML part as the recipient would see it; only where mail is kept rather than sent. */
  async html(id: number): Promise<string> {
    if (this.sends) throw new NotFoundException();
    const message = await this.outbox.find(id, true);
    if (!message) throw new NotFoundException();
    return message.html ?? '';
  }

  /** Sends a failed message again from its first attempt; answers false when it had not failed. */
  async retry(id: number, now = Date.now()): Promise<{ retried: boolean; to: string }> {
    const message = await this.outbox.find(id, false);
    if (!message) throw new NotFoundException();
    const retried = await this.outbox.retry(id, now);
    if (retried) this.sender.wake();
    return { retried, to: message.toAddress };
  }

  private setting() {
    return { sends: this.sends, smtpServer: this.sends ? new URL(this.config.smtpUrl!).host : undefined };
  }

  private summary(m: OutboxSummary) {
    return {
      id: m.id,
      to: m.toAddress,
      subject: m.subject,
      template: m.template,
      locale: m.locale,
      state: m.state,
      // Kept: written where no SMTP server is configured, so never sent.
      kept: m.state === 'pending' && !this.sends,
      failed: m.state === 'failed',
      attempts: m.attempts,
      lastError: m.lastError,
      smtpResponse: m.smtpResponse,
      createdAt: m.createdAt,
      sentAt: m.sentAt === null ? undefined : new Date(m.sentAt),
      nextAttemptAt: m.state === 'pending' && m.attempts > 0 && this.sends ? new Date(m.nextAttemptAt) : undefined,
    };
  }
}
