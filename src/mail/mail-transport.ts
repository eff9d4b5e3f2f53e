import { createTransport } from 'nodemailer';
import type { RenderedMail } from './mail-renderer';

/** A message as it leaves: one recipient, the rendered subject and both parts. */
export interface OutgoingMail extends RenderedMail {
  to: string;
  /** Header fields besides the usual ones, such as List-Unsubscribe. */
  headers?: Record<string, string> | null;
}

/** Why a delivery failed, and whether trying again could help. */
export class DeliveryFailed extends Error {
  constructor(
    message: string,
    /** The SMTP server refused the message for good (a 5xx answer): sending it again would be refused again. */
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'DeliveryFailed';
  }
}

interface SmtpError extends Error {
  code?: string;
  response?: string;
  responseCode?: number;
  permanent?: boolean;
}

/**
 * The SMTP server in SMTP_URL, through nodemailer: a connection for each message, since mail is rare
 * here and an idle pooled connection would only be closed by the server. The timeouts bound one attempt
 * well inside the sender's lease, so that no other process takes over a message still being sent.
 */
export class MailTransport {
  private readonly transporter;

  constructor(smtpUrl: string, from: string) {
    this.transporter = createTransport(
      { url: smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000, dnsTimeout: 15_000 },
      { from },
    );
  }

  /** Sends one message; answers the SMTP server's reply to it, or throws DeliveryFailed. */
  async send(mail: OutgoingMail): Promise<string> {
    try {
      const info = await this.transporter.sendMail({ to: mail.to, subject: mail.subject, html: mail.html, text: mail.text, headers: mail.headers ?? undefined });
      return info.response;
    } catch (error) {
      throw toDeliveryFailed(error);
    }
  }

  close(): void {
    this.transporter.close();
  }
}

/** An error from nodemailer as the outbox keeps it: the server's own answer where there is one. */
export function toDeliveryFailed(error: unknown): DeliveryFailed {
  const e = (error instanceof Error ? error : new Error(String(error))) as SmtpError;
  // The server's answer says it best ("451 try again later"); without one, what went wrong on the way.
  const message = e.response ?? (e.code && !e.message.includes(e.code) ? `${e.code}: ${e.message}` : e.message);
  const permanent = e.permanent ?? (e.responseCode !== undefined && e.responseCode >= 500 && e.responseCode !== 503);
  return new DeliveryFailed(message.slice(0, 1000), permanent);
}
