import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'crypto';
import { AppModule } from '../app.module';
import { MIN_PASSWORD_LENGTH } from '../users/passwords';
import { withoutPassword, type AppConfig } from '../config/config';
import { formatProblems, loadCurricula } from '../curricula/curriculum-loader';
import { isLocale, type Locale } from '../i18n/i18n';
import { LedgerService } from '../ledger/ledger.service';
import { EmailTaken, LastAdministrator, UsersService } from '../users/users.service';
import { PeopleService } from '../people/people.service';
import { isRole, ROLES } from '../common/roles';
import { translate } from '../i18n/i18n';
import { sendTestMail } from '../mail/test-mail';
import { JobsService } from '../jobs/jobs.service';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Reads standard input to the end (for --password-stdin). */
  stdin: () => Promise<string>;
}

const HELP = `Brobygger operator commands (npm run cli -- <command>):

  curricula:check [folder]        Validate every programme in curricula/ (or the folder given)
                                  without starting the server; lists every problem at once.
  admin:create --email E --name N [--password-stdin]
                                  Create an administrator. The password is read from standard
                                  input with --password-stdin, else from ADMIN_PASSWORD, else a
                                  random one is made and shown once.
  users:create --email E --name N --role R [--role R2 | --role R,R2] [--organisation ID]
                                  Create a person with one or more roles (student, supervisor,
                                  employer, coordinator, admin) and put their invitation e-mail
                                  in the outbox, from which it is sent. An employer needs the id
                                  of their organisation (the number in /organisations/ID).
  users:deactivate --email E      Deactivate a person: they are signed out at their next request
                                  and cannot sign in; what they recorded stays. The last active
                                  administrator cannot be deactivated.
  ledger:verify                   Check the whole sign-off ledger's hash chain; names the first
                                  record that does not match and exits non-zero if there is one.
  mail:test --to ADDRESS [--locale nb|en]
                                  Send a test message straight through the SMTP server in SMTP_URL
                                  (not through the outbox) and show its answer; exits non-zero if
                                  it was not accepted.
  jobs:run [--at TIME] [--only NAME,NAME2]
                                  Run the scheduled jobs that are due now (or at TIME, an ISO date
                                  and time such as 2026-12-03T07:05:00+01:00) and that no server
                                  process has run yet, or only those named; says how each went and
                                  exits non-zero if one failed. Mail they write goes out from the
                                  outbox as usual.
  help                            Show this text.
`;

/** Runs one operator command and returns its exit code. */
export async function runCommand(args: string[], config: AppConfig, io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'curricula:check':
      return checkCurricula(rest[0] ?? config.curriculaDir, io);
    case 'admin:create':
      return createAdmin(rest, config, io);
    case 'users:create':
      return createUser(rest, config, io);
    case 'users:deactivate':
      return deactivateUser(rest, config, io);
    case 'ledger:verify':
      return verifyLedger(config, io);
    case 'mail:test':
      return testMail(rest, config, io);
    case 'jobs:run':
      return runJobs(rest, config, io);
    case undefined:
    case 'help':
    case '--help':
      io.out(HELP);
      return 0;
    default:
      io.err(`Unknown command "${command}".\n\n${HELP}`);
      return 2;
  }
}

function checkCurricula(dir: string, io: CliIo): number {
  const { curricula, problems } = loadCurricula(dir);
  if (problems.length > 0) {
    io.err(`${problems.length} problem(s) in the curricula:\n${formatProblems(problems)}`);
    return 1;
  }
  const summary = curricula.map((c) => `  ${c.slug}: ${c.content.modules.length} modules, ${c.content.modules.reduce((n, m) => n + m.lessons.length, 0)} lessons`);
  io.out(`${curricula.length} programme(s) valid:\n${summary.join('\n')}`);
  return 0;
}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function createAdmin(args: string[], config: AppConfig, io: CliIo): Promise<number> {
  const email = option(args, '--email');
  const name = option(args, '--name');
  const problems: string[] = [];
  if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.push('--email must be an email address');
  if (!name?.trim()) problems.push('--name must be given');

  let password = args.includes('--password-stdin') ? (await io.stdin()).replace(/\r?\n$/, '') : process.env.ADMIN_PASSWORD;
  const generated = !password;
  password ||= randomBytes(15).toString('base64url');
  if (password.length < MIN_PASSWORD_LENGTH) problems.push(`the password must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  if (problems.length > 0) {
    io.err(`Cannot create the administrator:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  }

  const context = await NestFactory.createApplicationContext(AppModule.register(config), { logger: ['error'] });
  try {
    const user = await context.get(UsersService).create({ email: email!, name: name!, roles: ['admin'], password });
    io.out(`Administrator ${user.email} created.`);
    if (generated) io.out(`Password (shown only now): ${password}`);
    return 0;
  } catch (error) {
    if (error instanceof EmailTaken) {
      io.err(`Cannot create the administrator: ${error.message}.`);
      return 1;
    }
    throw error;
  } finally {
    await context.close();
  }
}

async function verifyLedger(config: AppConfig, io: CliIo): Promise<number> {
  const context = await NestFactory.createApplicationContext(AppModule.register(config), { logger: ['error'] });
  try {
    const result = await context.get(LedgerService).verify();
    if (result.firstBroken) {
      const { sequence, id, reason } = result.firstBroken;
      io.err(`Ledger broken at record #${sequence} (id ${id}): ${reason}`);
      return 1;
    }
    io.out(`Ledger intact: ${result.count} records, last hash ${result.lastHash}`);
    return 0;
  } finally {
    await context.close();
  }
}

/** Options given as `--name value`; a repeated option keeps every value. Anything else is a problem to report. */
function parseOptions(args: string[], known: string[]): { values: Map<string, string[]>; problems: string[] } {
  const values = new Map<string, string[]>();
  const problems: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const name = args[i];
    if (!known.includes(name)) {
      problems.push(`unknown option "${name}"`);
      continue;
    }
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) {
      problems.push(`${name} needs a value`);
      continue;
    }
    values.set(name, [...(values.get(name) ?? []), value]);
    i += 1;
  }
  return { values, problems };
}

/** The form's field a person's rule speaks of, as the command line's option. */
const PERSON_OPTIONS: Record<string, string> = { name: '--name', email: '--email', roles: '--role', organisation: '--organisation' };

async function createUser(args: string[], config: AppConfig, io: CliIo): Promise<number> {
  const { values, problems } = parseOptions(args, ['--email', '--name', '--role', '--organisation']);
  for (const single of ['--email', '--name', '--organisation']) if ((values.get(single)?.length ?? 0) > 1) problems.push(`${single} may be given once`);
  const roles = (values.get('--role') ?? []).flatMap((value) => value.split(',')).map((role) => role.trim()).filter(Boolean);
  if (roles.length === 0) problems.push(`--role must be given: one or more of ${ROLES.join(', ')}`);
  for (const role of roles) if (!isRole(role)) problems.push(`--role "${role}" is not a role; choose from ${ROLES.join(', ')}`);
  if (problems.length > 0) {
    io.err(`Cannot create the person:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  }

  const context = await NestFactory.createApplicationContext(AppModule.register(config), { logger: ['error'] });
  try {
    const people = context.get(PeopleService);
    const organisation = values.get('--organisation')?.[0] ?? '';
    const { errors, person } = await people.check({ name: values.get('--name')?.[0] ?? '', email: values.get('--email')?.[0] ?? '', roles, organisation });
    if (!person) {
      const lines = Object.entries(errors.errors).map(([field, error]) => {
        const key = typeof error === 'string' ? error : error.key;
        const text = key === 'people.error.unknownOrganisation' ? `no organisation has the id "${organisation}"` : translate('en', key);
        return `  - ${PERSON_OPTIONS[field] ?? field}: ${text}`;
      });
      io.err(`Cannot create the person:\n${lines.join('\n')}`);
      return 1;
    }
    const user = await people.createAndInvite(person, null);
    io.out(`Created ${user.email} (${user.roles.join(', ')}). The invitation e-mail is in the outbox and is sent from there.`);
    return 0;
  } catch (error) {
    if (error instanceof EmailTaken) {
      io.err(`Cannot create the person: ${error.message}.`);
      return 1;
    }
    throw error;
  } finally {
    await context.close();
  }
}

async function deactivateUser(args: string[], config: AppConfig, io: CliIo): Promise<number> {
  const { values, problems } = parseOptions(args, ['--email']);
  const email = values.get('--email')?.[0];
  if (!email && !problems.length) problems.push('--email must be given');
  if (problems.length > 0) {
    io.err(`Cannot deactivate:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  }

  const context = await NestFactory.createApplicationContext(AppModule.register(config), { logger: ['error'] });
  try {
    const users = context.get(UsersService);
    const person = await users.findByEmail(email!);
    if (!person) {
      io.err(`Cannot deactivate: no account has the e-mail address ${email!.trim().toLowerCase()}.`);
      return 1;
    }
    if (!person.active) {
      io.out(`${person.email} was already deactivated.`);
      return 0;
    }
    await users.setActive(person.id, false);
    io.out(`Deactivated ${person.email}: signed out at their next request, and unable to sign in. What they recorded stays.`);
    return 0;
  } catch (error) {
    if (error instanceof LastAdministrator) {
      io.err('Cannot deactivate: this is the last active administrator. Give someone else the admin role first.');
      return 1;
    }
    throw error;
  } finally {
    await context.close();
  }
}

async function runJobs(args: string[], config: AppConfig, io: CliIo): Promise<number> {
  const at = option(args, '--at');
  const now = at === undefined ? new Date() : new Date(at);
  if (at !== undefined && (!/^\d{4}-\d{2}-\d{2}T/.test(at) || Number.isNaN(now.getTime()))) {
    io.err(`Cannot run the jobs: --at must be an ISO date and time such as 2026-12-03T07:05:00+01:00 (got "${at}")`);
    return 1;
  }
  const only = option(args, '--only')?.split(',').map((name) => name.trim()).filter(Boolean);
  const context = await NestFactory.createApplicationContext(AppModule.register(config), { logger: ['error'] });
  try {
    const jobs = context.get(JobsService);
    const unknown = (only ?? []).filter((name) => !jobs.names().includes(name));
    if (unknown.length > 0) {
      io.err(`Cannot run the jobs: no job named ${unknown.join(', ')}. The jobs are: ${jobs.names().join(', ')}.`);
      return 1;
    }
    const outcomes = await jobs.runDue(now, only);
    if (outcomes.length === 0) io.out(`No job due at ${now.toISOString()} that has not already run.`);
    for (const o of outcomes) {
      if (o.outcome === 'ran') io.out(`${o.name} (${o.slot}): done`);
      else io.err(`${o.name} (${o.slot}): failed: ${o.error}`);
    }
    return outcomes.some((o) => o.outcome === 'failed') ? 1 : 0;
  } finally {
    await context.close();
  }
}

async function testMail(args: string[], config: AppConfig, io: CliIo): Promise<number> {
  const to = option(args, '--to');
  const locale = option(args, '--locale') ?? 'nb';
  const problems: string[] = [];
  if (!to || !/^[^\s@]+@[^\s@]+$/.test(to)) problems.push('--to must be an e-mail address');
  if (!isLocale(locale)) problems.push('--locale must be nb or en');
  if (!config.smtpUrl) problems.push('SMTP_URL is not set, so mail is kept in the outbox instead of sent: set it to the SMTP server, e.g. smtp://user:password@mail.example.no:587');
  if (problems.length > 0) {
    io.err(`Cannot send a test message:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  }
  const server = withoutPassword(config.smtpUrl!);
  try {
    const answer = await sendTestMail(config, to!, locale as Locale);
    io.out(`Test message to ${to} accepted by ${server}, from ${config.mailFrom}.\nThe SMTP server answered: ${answer}`);
    return 0;
  } catch (error) {
    io.err(`Test message to ${to} not sent through ${server}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
