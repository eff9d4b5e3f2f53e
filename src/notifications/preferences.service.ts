import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { FieldError, FormResult } from '../common/form-result';
import type { SessionUser } from '../common/session-user';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Transactions } from '../database/transactions';
import { CHOICES, choiceFor, isChoice, kindsFor, NotificationKind } from './kinds';
import { NotificationsRepository } from './notifications.repository';
import { readUnsubscribeToken } from './unsubscribe-token';

export type SettingsInput = Partial<Record<NotificationKind, string>>;

/**
 * Each person's choice per kind of notification: at once, in the daily digest, or not at all; and the
 * one-click unsubscribe from a mail, which turns off only the kinds that mail was about, without signing in.
 */
@Injectable()
export class PreferencesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: NotificationsRepository,
    private readonly transactions: Transactions,
  ) {}

  /** The choices for the kinds that apply to the person's roles; `values` keeps what was sent when a form is shown again. */
  async settings(user: SessionUser, values?: SettingsInput, errors?: Record<string, FieldError>) {
    const chosen = (await this.repository.choices([user.id])).get(user.id)!;
    const kinds = kindsFor(user.roles).map((kind) => {
      const current = values?.[kind] ?? choiceFor(kind, chosen);
      return {
        kind,
        legend: `notifications.kind.${kind}.label`,
        hint: `notifications.kind.${kind}.hint`,
        options: CHOICES.map((choice) => ({ value: choice, labelKey: `notifications.choice.${choice}`, checked: current === choice })),
      };
    });
    return { title: 'notifications.settings.title', kinds, digestHour: this.digestHour(), errors };
  }

  /** Saves the choices sent for kinds that apply to the person; a kind not sent stays as it was. */
  async save(user: SessionUser, input: SettingsInput, flash: (message: { key: string }) => void, now = Date.now()): Promise<FormResult> {
    const changes = kindsFor(user.roles).flatMap((kind) => {
      const choice = input[kind];
      return isChoice(choice) ? [{ kind, choice }] : [];
    });
    await this.transactions.run((manager) => this.repository.setChoices(manager, user.id, changes, now));
    flash({ key: 'notifications.settings.saved' });
    return { redirect: '/notifications/settings' };
  }

  /** The page a mail's unsubscribe link opens: says what the button will turn off, and changes nothing. */
  async unsubscribePage(token: string) {
    const { kinds } = await this.readToken(token);
    return { title: 'notifications.unsubscribe.title', token, kinds };
  }

  /**
   * The one-click unsubscribe (RFC 8058): turns the token's kinds off for its person, and nothing else.
   * Doing it twice changes nothing more, so a mail program that posts again does no harm.
   */
  async unsubscribe(token: string, now = Date.now()) {
    const { userId, kinds } = await this.readToken(token);
    await this.transactions.run((manager) => this.repository.setChoices(manager, userId, kinds.map((kind) => ({ kind, choice: 'off' as const })), now));
    return { title: 'notifications.unsubscribed.title', kinds };
  }

  private async readToken(token: string) {
    const read = readUnsubscribeToken(this.config.sessionSecret, token);
    // A token of a person no longer here names nothing.
    if (!read || !(await this.repository.recipients([read.userId])).has(read.userId)) throw new NotFoundException();
    return read;
  }

  /** The digest's hour as people read it: "07". */
  private digestHour(): string {
    return String(this.config.digestHour).padStart(2, '0');
  }
}
