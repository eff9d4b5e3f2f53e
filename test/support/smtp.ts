import type { AddressObject } from 'mailparser';
import { simpleParser } from 'mailparser';
import type { AddressInfo, Socket } from 'net';
import { SMTPServer } from 'smtp-server';

/** A message as it arrived: the envelope's addresses and the parsed parts. */
export interface ReceivedMail {
  /** Who it was delivered to (RCPT TO), in lower case. */
  to: string[];
  /** The envelope sender (MAIL FROM). */
  envelopeFrom: string;
  /** The From header as written, e.g. `Brobygger <no-reply@example.no>`. */
  from: string;
  subject: string;
  text: string;
  html: string;
  /** Every header field as written, by its name in lower case, folded lines joined (`list-unsubscribe`). */
  headers: Record<string, string>;
}

/**
 * What the server does with the next attempts: answer MAIL FROM with an SMTP code (451 "try again later",
 * 550 "no such mailbox"), `'drop'` the connection as soon as it is made, or `'hang'`: take the message and
 * never answer, as a server that stopped does. `null` accepts again.
 */
export type SmtpFailure = number | 'drop' | 'hang' | null;

export interface TestSmtp {
  /** smtp://127.0.0.1:<port>, with the user and password in it when the server asks for them. */
  readonly url: string;
  /** Every message accepted so far, in order of arrival. */
  readonly messages: ReceivedMail[];
  /** Connections and messages refused so far by `failWith`. */
  readonly refused: number;
  /**
   * The first message (to this address, if given) not yet taken by an earlier call: waits for it to arrive,
   * at most `timeoutMs`, then fails naming what did arrive.
   */
  nextMessage(to?: string, timeoutMs?: number): Promise<ReceivedMail>;
  /** Fail from now on, or only the next `times` attempts; `failWith(null)` accepts again. */
  failWith(failure: SmtpFailure, options?: { times?: number }): void;
  /** Stops the server, cutting off any connection still open. */
  close(): Promise<void>;
}

const REPLIES: Record<number, string> = {
  421: 'Service not available, closing transmission channel',
  450: 'Mailbox unavailable, try again later',
  451: 'Local error in processing, try again later',
  452: 'Insufficient storage, try again later',
  550: 'Mailbox unavailable',
  552: 'Message too large',
  553: 'Mailbox name not allowed',
  554: 'Transaction failed',
};

/**
 * A real SMTP server (smtp-server) on a free port of 127.0.0.1, without TLS, that keeps every message it
 * accepts, parsed with mailparser. Start one per test file:
 *
 *     const smtp = await startSmtp();
 *     const t = await startTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Brobygger <no-reply@example.test>' } });
 *     ... the act that sends mail ...
 *     const mail = await smtp.nextMessage('kari@example.test');
 *     expect(mail.subject).toBe('...');
 *     await t.close(); await smtp.close();
 */
export async function startSmtp(options: { user?: string; password?: string } = {}): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  const taken = new Set<ReceivedMail>();
  const waiting: { to?: string; resolve: (mail: ReceivedMail) => void }[] = [];
  const sockets = new Set<Socket>();
  const hanging: (() => void)[] = [];
  let failure: SmtpFailure = null;
  let failuresLeft = Infinity;
  let refused = 0;

  const matches = (mail: ReceivedMail, to?: string) => !taken.has(mail) && (!to || mail.to.includes(to.toLowerCase()));
  /** Whether this step of an attempt is to fail in this way, counting it when it is. */
  const failsWith = (kind: 'code' | 'drop' | 'hang'): boolean => {
    if (failure === null || failuresLeft <= 0 || (kind === 'code' ? typeof failure !== 'number' : failure !== kind)) return false;
    refused += 1;
    failuresLeft -= 1;
    return true;
  };

  const auth = options.user !== undefined;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !auth,
    allowInsecureAuth: true,
    logger: false,
    closeTimeout: 100,
    onAuth(credentials, _session, callback) {
      if (credentials.username === options.user && credentials.password === options.password) callback(null, { user: credentials.username });
      else callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onMailFrom(_address, _session, callback) {
      if (failsWith('code')) {
        const code = failure as number;
        return callback(Object.assign(new Error(REPLIES[code] ?? 'Refused'), { responseCode: code }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const hang = failsWith('hang');
      simpleParser(stream)
        .then((parsed) => {
          if (hang) return void hanging.push(() => callback(Object.assign(new Error('Shutting down'), { responseCode: 421 })));
          const mail: ReceivedMail = {
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            from: addressText(parsed.from),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            headers: Object.fromEntries(parsed.headerLines.map(({ key, line }) => [key, line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim()])),
          };
          messages.push(mail);
          callback();
          for (const waiter of [...waiting]) {
            if (matches(mail, waiter.to)) {
              taken.add(mail);
              waiting.splice(waiting.indexOf(waiter), 1);
              waiter.resolve(mail);
              break;
            }
          }
        })
        .catch((error: Error) => callback(error));
    },
  });
  // Registered after the server's own handler: it has taken the connection, and now loses it.
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (failsWith('drop')) socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  const credentials = auth ? `${encodeURIComponent(options.user!)}:${encodeURIComponent(options.password ?? '')}@` : '';

  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    messages,
    get refused() {
      return refused;
    },
    nextMessage(to?: string, timeoutMs = 5_000) {
      const arrived = messages.find((mail) => matches(mail, to));
      if (arrived) {
        taken.add(arrived);
        return Promise.resolve(arrived);
      }
      return new Promise<ReceivedMail>((resolve, reject) => {
        const waiter = {
          to,
          resolve: (mail: ReceivedMail) => {
            clearTimeout(timer);
            resolve(mail);
          },
        };
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(waiter), 1);
          const seen = messages.map((m) => `${m.to.join(', ')}: ${m.subject}`).join('; ') || 'none';
          reject(new Error(`No message${to ? ` to ${to}` : ''} arrived within ${timeoutMs} ms (arrived: ${seen})`));
        }, timeoutMs);
        waiting.push(waiter);
      });
    },
    failWith(next: SmtpFailure, { times }: { times?: number } = {}) {
      failure = next;
      failuresLeft = times ?? Infinity;
    },
    async close() {
      for (const release of hanging.splice(0)) release();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function addressText(address: AddressObject | AddressObject[] | undefined): string {
  if (!address) return '';
  return (Array.isArray(address) ? address : [address]).map((a) => a.text).join(', ');
}
