import * as fs from 'fs';
import * as path from 'path';
import { OidcConfig, readOidcConfig } from './oidc';

/** Where the data lives: an embedded SQLite file, or a PostgreSQL server. */
export type DatabaseConfig =
  | { type: 'sqlite'; path: string }
  | { type: 'postgres'; url: string; schema?: string };

export interface AppConfig {
  version: string;
  env: 'development' | 'production' | 'test';
  port: number;
  /** The address people reach the server at, without a trailing slash: every absolute link starts with it. */
  publicUrl: string;
  database: DatabaseConfig;
  sessionSecret: string;
  /** Minutes of inactivity after which a session ends. */
  sessionIdleMinutes: number;
  /** Hours after sign-in at which a session ends, however busy it was kept. */
  sessionAbsoluteHours: number;
  demoPassword?: string;
  curriculaDir: string;
  viewsDir: string;
  publicDir: string;
  /** Cache compiled templates (on outside development). */
  cacheViews: boolean;
  /** Load a demo installation into an empty database (never in production). */
  demo: boolean;
  /** Trust X-Forwarded-* from one proxy in front (for the client address and secure cookies). */
  trustProxy: boolean;
  /** Largest attachment a student may upload, in megabytes. */
  uploadLimitMb: number;
  /** Where uploaded attachments are stored: outside the web root, served only through access checks. */
  uploadDir: string;
  /**
   * The SMTP server mail goes out through (smtp:// or smtps://, with user and password in it when it asks
   * for them). Without it, outside production, mail is kept in the outbox for administrators to read.
   */
  smtpUrl?: string;
  /** The sender of every message, `address` or `Name <address>`. */
  mailFrom: string;
  /** Milliseconds between two looks at the outbox for mail due; new mail is sent at once without waiting. */
  mailPollMs: number;
  /** The hour (0–23, Norwegian time) at which the daily digest of notifications goes out. */
  digestHour: number;
  /** Whether this server process looks for due scheduled jobs each minute (digests, reminders, clearing out). */
  scheduledJobs: boolean;
  /** Single sign-on through an OpenID provider (OIDC_* settings); absent, people sign in with passwords only. */
  oidc?: OidcConfig;
  /** Months after a student's last enrolment ended before the nightly job erases them; unset: never by itself. */
  retentionMonths?: number;
  /** Whether administrators, coordinators and supervisors must sign in with a second factor (on in production). */
  requireSecondFactor: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const projectRoot = path.resolve(__dirname, '..', '..');
const DEV_SECRET = 'brobygger-development-secret-not-for-production';

/** Reads and validates the configuration from the environment, naming every bad value at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];

  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnv}")`);
  }

  let port = 3000;
  if (env.PORT !== undefined && env.PORT !== '') {
    port = Number(env.PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      problems.push(`PORT must be a whole number from 0 to 65535 (got "${env.PORT}")`);
    }
  }

  // Absolute links (certificates, credentials) never take their host from the request, which the client names.
  let publicUrl = `http://localhost:${port}`;
  const publicUrlValue = env.PUBLIC_URL?.trim();
  if (publicUrlValue) {
    const parsed = parsePublicUrl(publicUrlValue);
    if (parsed) publicUrl = parsed;
    else problems.push(`PUBLIC_URL must be an absolute http:// or https:// address without query, fragment or user name, e.g. https://brobygger.example.no (got "${publicUrlValue}")`);
  } else if (nodeEnv === 'production') {
    problems.push('PUBLIC_URL is required when NODE_ENV=production: the address people reach the server at, e.g. https://brobygger.example.no');
  }

  let database: DatabaseConfig = { type: 'sqlite', path: path.join(projectRoot, 'data', 'brobygger.sqlite') };
  const url = env.DATABASE_URL?.trim();
  if (url) {
    const parsed = parseDatabaseUrl(url);
    if (typeof parsed === 'string') problems.push(parsed);
    else database = parsed;
  }

  let sessionSecret = env.SESSION_SECRET ?? '';
  if (nodeEnv === 'production') {
    if (!sessionSecret) problems.push('SESSION_SECRET is required when NODE_ENV=production');
    else if (sessionSecret.length < 32) problems.push('SESSION_SECRET must be at least 32 characters long');
  } else if (!sessionSecret) {
    sessionSecret = DEV_SECRET;
  }

  let sessionIdleMinutes = 30;
  if (env.SESSION_IDLE_MINUTES) {
    sessionIdleMinutes = Number(env.SESSION_IDLE_MINUTES);
    if (!Number.isInteger(sessionIdleMinutes) || sessionIdleMinutes < 1 || sessionIdleMinutes > 24 * 60) {
      problems.push(`SESSION_IDLE_MINUTES must be a whole number from 1 to 1440 (got "${env.SESSION_IDLE_MINUTES}")`);
    }
  }

  let sessionAbsoluteHours = 12;
  if (env.SESSION_ABSOLUTE_HOURS) {
    sessionAbsoluteHours = Number(env.SESSION_ABSOLUTE_HOURS);
    if (!Number.isInteger(sessionAbsoluteHours) || sessionAbsoluteHours < 1 || sessionAbsoluteHours > 24 * 7) {
      problems.push(`SESSION_ABSOLUTE_HOURS must be a whole number from 1 to 168 (got "${env.SESSION_ABSOLUTE_HOURS}")`);
    }
  }

  const demoPassword = env.DEMO_PASSWORD || undefined;
  if (demoPassword !== undefined && demoPassword.length < 8) {
    problems.push('DEMO_PASSWORD must be at least 8 characters long');
  }

  let uploadLimitMb = 10;
  if (env.UPLOAD_LIMIT_MB) {
    uploadLimitMb = Number(env.UPLOAD_LIMIT_MB);
    if (!Number.isInteger(uploadLimitMb) || uploadLimitMb < 1 || uploadLimitMb > 100) {
      problems.push(`UPLOAD_LIMIT_MB must be a whole number from 1 to 100 (got "${env.UPLOAD_LIMIT_MB}")`);
    }
  }

  let smtpUrl: string | undefined;
  const smtpUrlValue = env.SMTP_URL?.trim();
  if (smtpUrlValue) {
    if (isSmtpUrl(smtpUrlValue)) smtpUrl = smtpUrlValue;
    else problems.push(`SMTP_URL must be an smtp:// or smtps:// address with a host, e.g. smtp://user:password@mail.example.no:587 (got "${withoutPassword(smtpUrlValue)}")`);
  } else if (nodeEnv === 'production') {
    problems.push('SMTP_URL is required when NODE_ENV=production: the SMTP server that sends invitations and password resets, e.g. smtp://user:password@mail.example.no:587');
  }

  let mailFrom = 'Brobygger <no-reply@localhost>';
  const mailFromValue = env.MAIL_FROM?.trim();
  if (mailFromValue) {
    if (isMailbox(mailFromValue)) mailFrom = mailFromValue;
    else problems.push(`MAIL_FROM must be an e-mail address, or a name and an address as in Brobygger <no-reply@example.no> (got "${mailFromValue}")`);
  } else if (nodeEnv === 'production') {
    problems.push('MAIL_FROM is required when NODE_ENV=production: the sender of every message, e.g. Brobygger <no-reply@example.no>');
  }

  let mailPollSeconds = 15;
  if (env.MAIL_POLL_SECONDS) {
    mailPollSeconds = Number(env.MAIL_POLL_SECONDS);
    if (!Number.isInteger(mailPollSeconds) || mailPollSeconds < 1 || mailPollSeconds > 3600) {
      problems.push(`MAIL_POLL_SECONDS must be a whole number from 1 to 3600 (got "${env.MAIL_POLL_SECONDS}")`);
    }
  }

  let digestHour = 7;
  const digestHourValue = env.DIGEST_HOUR?.trim();
  if (digestHourValue) {
    digestHour = Number(digestHourValue);
    if (!/^\d{1,2}$/.test(digestHourValue) || digestHour > 23) {
      problems.push(`DIGEST_HOUR must be a whole hour from 0 to 23, Norwegian time (got "${digestHourValue}")`);
    }
  }

  // Tests run jobs when they choose to (jobs:run, JobsService.runDue), not on the clock.
  let scheduledJobs = nodeEnv !== 'test';
  if (env.SCHEDULED_JOBS) {
    if (env.SCHEDULED_JOBS === 'on' || env.SCHEDULED_JOBS === 'off') scheduledJobs = env.SCHEDULED_JOBS === 'on';
    else problems.push(`SCHEDULED_JOBS must be on or off (got "${env.SCHEDULED_JOBS}")`);
  }

  const oidc = readOidcConfig(env, nodeEnv, problems);
  let retentionMonths: number | undefined;
  const retentionValue = env.RETENTION_MONTHS?.trim();
  if (retentionValue) {
    retentionMonths = Number(retentionValue);
    if (!/^\d+$/.test(retentionValue) || retentionMonths < 1 || retentionMonths > 1200) {
      problems.push(`RETENTION_MONTHS must be a whole number of months from 1 to 1200, or unset to keep people until erased by request (got "${retentionValue}")`);
    }
  }
  // Those who sign off and see others' data need a second factor in production; the demo opens with its password.
  let requireSecondFactor = nodeEnv === 'production';
  if (env.REQUIRE_SECOND_FACTOR) {
    if (env.REQUIRE_SECOND_FACTOR === 'on' || env.REQUIRE_SECOND_FACTOR === 'off') requireSecondFactor = env.REQUIRE_SECOND_FACTOR === 'on';
    else problems.push(`REQUIRE_SECOND_FACTOR must be on or off (got "${env.REQUIRE_SECOND_FACTOR}")`);
  }

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    version: (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version,
    env: nodeEnv as AppConfig['env'],
    port,
    publicUrl,
    database,
    sessionSecret,
    sessionIdleMinutes,
    sessionAbsoluteHours,
    demoPassword,
    curriculaDir: env.CURRICULA_DIR ? path.resolve(env.CURRICULA_DIR) : path.join(projectRoot, 'curricula'),
    viewsDir: path.join(projectRoot, 'views'),
    publicDir: path.join(projectRoot, 'public'),
    cacheViews: nodeEnv !== 'development',
    demo: nodeEnv !== 'production' && env.DEMO !== 'off',
    trustProxy: env.TRUST_PROXY === 'true' || env.TRUST_PROXY === '1',
    uploadLimitMb,
    uploadDir: env.UPLOAD_DIR ? path.resolve(env.UPLOAD_DIR) : path.join(projectRoot, 'data', 'uploads'),
    smtpUrl,
    mailFrom,
    mailPollMs: mailPollSeconds * 1000,
    digestHour,
    scheduledJobs,
    oidc,
    retentionMonths,
    requireSecondFactor,
  };
}

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return ['smtp:', 'smtps:'].includes(url.protocol) && url.hostname !== '' && !/[\s#]/.test(value);
  } catch {
    return false;
  }
}

/** A URL as it may be shown in a message or a log: its password replaced by stars. */
export function withoutPassword(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return value.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
  }
}

/** `address` or `Name <address>`, one mailbox with nothing that could start another header line. */
function isMailbox(value: string): boolean {
  const address = /^[^\s@<>",;]+@[^\s@<>",;]+$/;
  const named = /^(?:"[^"\r\n]+"|[^"<>\r\n,;@]+)\s*<([^<>]+)>$/.exec(value);
  return named ? address.test(named[1]) : address.test(value);
}

/** The public address without a trailing slash, or undefined when it is not an absolute http(s) address of its own. */
function parsePublicUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (!['http:', 'https:'].includes(url.protocol) || /[?#]/.test(value) || url.username || url.password) return undefined;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function parseDatabaseUrl(url: string): DatabaseConfig | string {
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      return `DATABASE_URL is not a valid PostgreSQL URL (got "${url}")`;
    }
    return { type: 'postgres', url };
  }
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!file) return 'DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:data/brobygger.sqlite';
    return { type: 'sqlite', path: path.resolve(file) };
  }
  return `DATABASE_URL must start with postgres://, postgresql:// or sqlite: (got "${url}")`;
}
