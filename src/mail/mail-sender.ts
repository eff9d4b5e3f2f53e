import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { randomBytes } from 'crypto';
import * as os from 'os';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { DeliveryFailed, MailTransport, toDeliveryFailed } from './mail-transport';
import { ClaimedMail, OutboxRepository } from './outbox.repository';
import { afterFailure } from './retry-policy';

/**
 * How long a claim holds: far longer than one attempt may take (the transport's timeouts), so that only a
 * sender that died while sending loses its messages to another, which then sends them again.
 */
export const LEASE_MS = 5 * 60_000;

/** How many messages one round sends at most before it lets the next round look again. */
const ROUND = 100;

/**
 * Delivers the outbox: looks for mail due every `mailPollMs` and as soon as it is woken after new mail was
 * written, claims one message at a time under a lease (so that several server processes never send one
 * twice), sends it and marks it sent, or retries it later with a growing wait, or gives up on it.
 *
 * It runs in the web server only, and only with an SMTP server configured; the operator commands, which
 * build the same modules, send nothing. Without SMTP_URL the mail stays in the outbox for administrators.
 */
@Injectable()
export class MailSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Mail');
  /** Names this process's leases; the process id and host help an operator tell senders apart. */
  readonly owner = `${os.hostname().slice(0, 40)}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private transport?: MailTransport;
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  /** Woken while a round was under way: look again as soon as it ends. */
  private wokenMeanwhile = false;
  private started = false;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxRepository,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** Whether mail is sent at all: with an SMTP server configured. Otherwise it is kept for administrators. */
  get sends(): boolean {
    return this.config.smtpUrl !== undefined;
  }

  onApplicationBootstrap(): void {
    if (!this.sends || !this.adapterHost.httpAdapter) return;
    this.started = true;
    // Mail left by a process that stopped before sending it goes out now.
    this.schedule(0);
  }

  /** Sends what is due soon, in this process: new mail was written (and committed). */
  wake(): void {
    if (!this.started || this.stopped) return;
    if (this.round) this.wokenMeanwhile = true;
    else this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    // A message being sent is finished and marked, so that it is not sent again after the lease.
    await this.idle();
    this.transport?.close();
  }

  /** Resolves once the round under way, if there is one, has ended. */
  async idle(): Promise<void> {
    await this.round;
  }

  /**
   * Sends the messages due at `now` (up to a round of them), one at a time, and answers how many went out. The sender's own rounds
   * call it with the clock; tests call it with a time of their choosing to step through the waits.
   */
  async sendDue(now: () => number = Date.now): Promise<number> {
    return (await this.sendRound(now)).sent;
  }

  /** Up to a round of messages, one claim at a time: answers how many were claimed and how many went out. */
  private async sendRound(now: () => number): Promise<{ claimed: number; sent: number }> {
    if (!this.sends) return { claimed: 0, sent: 0 };
    this.transport ??= new MailTransport(this.config.smtpUrl!, this.config.mailFrom);
    let claimed = 0;
    let sent = 0;
    while (claimed < ROUND && !this.stopped) {
      const message = await this.outbox.claimNext(this.owner, now(), LEASE_MS);
      if (!message) break;
      claimed++;
      if (await this.deliver(this.transport, message, now)) sent++;
    }
    return { claimed, sent };
  }

  private async deliver(transport: MailTransport, message: ClaimedMail, now: () => number): Promise<boolean> {
    let response: string;
    try {
      response = await transport.send(message);
    } catch (error) {
      const failure = error instanceof DeliveryFailed ? error : toDeliveryFailed(error);
      const outcome = afterFailure(message.attempts, failure.permanent, now());
      await this.outbox.markFailedAttempt(message.id, this.owner, outcome, failure.message);
      const what = outcome.state === 'failed' ? 'given up' : `tried again at ${new Date(outcome.nextAttemptAt).toISOString()}`;
      this.logger.warn(`Message ${message.id}, attempt ${message.attempts}, not delivered (${what}): ${failure.message}`);
      return false;
    }
    if (!(await this.outbox.markSent(message.id, now(), response))) {
      this.logger.warn(`Message ${message.id} was delivered but had been marked by another sender meanwhile`);
    }
    return true;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => this.startRound(), delayMs);
    // A timer alone never keeps the process alive: the server's socket does.
    this.timer.unref();
  }

  private startRound(): void {
    this.timer = undefined;
    this.wokenMeanwhile = false;
    this.round = this.sendRound(Date.now)
      .then(({ claimed }) => {
        // A full round may have left more due: look again at once.
        if (claimed >= ROUND) this.wokenMeanwhile = true;
      })
      .catch((error: unknown) => this.logger.error(`Sending mail stopped until the next look at the outbox: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.round = undefined;
        this.schedule(this.wokenMeanwhile ? 0 : this.config.mailPollMs);
      });
  }
}
