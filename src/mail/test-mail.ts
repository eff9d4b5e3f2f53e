import * as path from 'path';
import type { AppConfig } from '../config/config';
import type { Locale } from '../i18n/i18n';
import { MailRenderer } from './mail-renderer';
import { MailTransport } from './mail-transport';

/**
 * Sends the `test` message to one address straight through the configured SMTP server, without the outbox,
 * and answers the server's reply; throws DeliveryFailed with its refusal. For operators checking SMTP_URL.
 */
export async function sendTestMail(config: AppConfig, to: string, locale: Locale): Promise<string> {
  if (!config.smtpUrl) throw new Error('SMTP_URL is not set, so mail is kept in the outbox instead of sent: set it to the SMTP server, e.g. smtp://user:password@mail.example.no:587');
  const rendered = new MailRenderer(path.join(config.viewsDir, 'mail'), config.publicUrl).render('test', locale, {});
  const transport = new MailTransport(config.smtpUrl, config.mailFrom);
  try {
    return await transport.send({ to, ...rendered });
  } finally {
    transport.close();
  }
}
