import { ConfigError, loadConfig } from './config';

const PRODUCTION_MAIL = { SMTP_URL: 'smtp://mailer:secret@mail.example.no:587', MAIL_FROM: 'Brobygger <no-reply@example.no>' };

describe('loadConfig', () => {
  it('serves on port 3000 with an SQLite file under data/ by default', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database.type).toBe('sqlite');
    expect(config.database.type === 'sqlite' && config.database.path).toMatch(/data[/\\]brobygger\.sqlite$/);
    expect(config.env).toBe('development');
  });

  it('selects PostgreSQL from a postgres:// URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://app@127.0.0.1:5432/brobygger' });
    expect(config.database).toEqual({ type: 'postgres', url: 'postgres://app@127.0.0.1:5432/brobygger' });
  });

  it('accepts an explicit SQLite file', () => {
    const config = loadConfig({ DATABASE_URL: 'sqlite:/tmp/x.sqlite' });
    expect(config.database).toEqual({ type: 'sqlite', path: '/tmp/x.sqlite' });
  });

  it('names every bad value at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', NODE_ENV: 'production', DEMO_PASSWORD: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual([
      expect.stringContaining('PORT must be a whole number'),
      expect.stringContaining('PUBLIC_URL is required when NODE_ENV=production'),
      expect.stringContaining('DATABASE_URL must start with'),
      'SESSION_SECRET is required when NODE_ENV=production',
      'DEMO_PASSWORD must be at least 8 characters long',
      expect.stringContaining('SMTP_URL is required when NODE_ENV=production'),
      expect.stringContaining('MAIL_FROM is required when NODE_ENV=production'),
    ]);
  });

  it('requires a long session secret in production and a development one otherwise', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://brobygger.example.no', SESSION_SECRET: 'short' })).toThrow(/at least 32 characters/);
    expect(loadConfig({ ...PRODUCTION_MAIL, NODE_ENV: 'production', PUBLIC_URL: 'https://brobygger.example.no', SESSION_SECRET: 'x'.repeat(32) }).sessionSecret).toBe('x'.repeat(32));
    expect(loadConfig({}).sessionSecret.length).toBeGreaterThan(20);
  });

  it('refuses an unknown NODE_ENV', () => {
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow(/NODE_ENV must be/);
  });

  it('limits uploads to 10 MB in data/uploads by default, and takes other values from UPLOAD_LIMIT_MB and UPLOAD_DIR', () => {
    const config = loadConfig({});
    expect(config.uploadLimitMb).toBe(10);
    expect(config.uploadDir).toMatch(/data[/\\]uploads$/);
    expect(loadConfig({ UPLOAD_LIMIT_MB: '25', UPLOAD_DIR: '/srv/brobygger/uploads' })).toMatchObject({ uploadLimitMb: 25, uploadDir: '/srv/brobygger/uploads' });
  });

  it.each(['0', '-1', '2.5', 'ten', '101'])('refuses UPLOAD_LIMIT_MB=%s', (value) => {
    expect(() => loadConfig({ UPLOAD_LIMIT_MB: value })).toThrow(/UPLOAD_LIMIT_MB must be a whole number from 1 to 100/);
  });

  it('requires PUBLIC_URL in production, naming it, and defaults to this machine and port otherwise', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) })).toThrow(/PUBLIC_URL is required when NODE_ENV=production/);
    expect(loadConfig({ ...PRODUCTION_MAIL, NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), PUBLIC_URL: 'https://brobygger.example.no' }).publicUrl).toBe('https://brobygger.example.no');
    expect(loadConfig({}).publicUrl).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
  });

  it.each([
    ['https://brobygger.example.no/', 'https://brobygger.example.no'],
    ['  https://Brobygger.Example.no  ', 'https://brobygger.example.no'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['https://example.no/brobygger//', 'https://example.no/brobygger'],
  ])('takes PUBLIC_URL=%s as %s', (value, expected) => {
    expect(loadConfig({ PUBLIC_URL: value }).publicUrl).toBe(expected);
  });

  it.each(['brobygger.example.no', '/verify', 'ftp://example.no', 'javascript:alert(1)', 'https://example.no/?next=x', 'https://example.no/#top', 'https://example.no?', 'https://user:pw@example.no', 'https://'])(
    'refuses PUBLIC_URL=%s, naming it',
    (value) => {
      expect(() => loadConfig({ PUBLIC_URL: value })).toThrow(/PUBLIC_URL must be an absolute http:\/\/ or https:\/\/ address/);
    },
  );

  it('ends a sign-in after 12 hours by default, or after SESSION_ABSOLUTE_HOURS', () => {
    expect(loadConfig({}).sessionAbsoluteHours).toBe(12);
    expect(loadConfig({ SESSION_ABSOLUTE_HOURS: '8' }).sessionAbsoluteHours).toBe(8);
  });

  it.each(['0', '1.5', 'twelve', '169'])('refuses SESSION_ABSOLUTE_HOURS=%s', (value) => {
    expect(() => loadConfig({ SESSION_ABSOLUTE_HOURS: value })).toThrow(/SESSION_ABSOLUTE_HOURS must be a whole number from 1 to 168/);
  });

  describe('mail', () => {
    const production = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), PUBLIC_URL: 'https://brobygger.example.no' };

    it('keeps mail instead of sending it outside production when no SMTP_URL is given, from a local sender', () => {
      const config = loadConfig({});
      expect(config.smtpUrl).toBeUndefined();
      expect(config.mailFrom).toBe('Brobygger <no-reply@localhost>');
      expect(config.mailPollMs).toBe(15_000);
    });

    it('takes the SMTP server, the sender and the polling interval from SMTP_URL, MAIL_FROM and MAIL_POLL_SECONDS', () => {
      expect(loadConfig({ ...production, ...PRODUCTION_MAIL, MAIL_POLL_SECONDS: '60' })).toMatchObject({
        smtpUrl: 'smtp://mailer:secret@mail.example.no:587',
        mailFrom: 'Brobygger <no-reply@example.no>',
        mailPollMs: 60_000,
      });
      expect(loadConfig({ SMTP_URL: 'smtps://mail.example.no', MAIL_FROM: 'no-reply@example.no' })).toMatchObject({ smtpUrl: 'smtps://mail.example.no', mailFrom: 'no-reply@example.no' });
      expect(loadConfig({ MAIL_FROM: '"Brobygger, Oslo" <post@example.no>' }).mailFrom).toBe('"Brobygger, Oslo" <post@example.no>');
    });

    it('requires SMTP_URL and MAIL_FROM in production, naming them', () => {
      expect(() => loadConfig({ ...production, MAIL_FROM: PRODUCTION_MAIL.MAIL_FROM })).toThrow(/SMTP_URL is required when NODE_ENV=production/);
      expect(() => loadConfig({ ...production, SMTP_URL: PRODUCTION_MAIL.SMTP_URL })).toThrow(/MAIL_FROM is required when NODE_ENV=production/);
      expect(loadConfig({ ...production, ...PRODUCTION_MAIL }).env).toBe('production');
    });

    it.each(['mail.example.no:587', 'http://mail.example.no', 'smtp://', 'smtp://:25', 'postgres://x@y/z', 'smtp://mail example.no'])('refuses SMTP_URL=%s, naming it', (value) => {
      expect(() => loadConfig({ SMTP_URL: value })).toThrow(/SMTP_URL must be an smtp:\/\/ or smtps:\/\/ address/);
    });

    it('never repeats the password of a refused SMTP_URL', () => {
      expect(() => loadConfig({ SMTP_URL: 'http://mailer:hunter2hunter2@mail.example.no' })).toThrow(/mailer:\*\*\*@mail\.example\.no/);
      expect(() => loadConfig({ SMTP_URL: 'http://mailer:hunter2hunter2@mail.example.no' })).not.toThrow(/hunter2/);
    });

    it.each(['brobygger', 'no-reply@', '@example.no', 'a@b, c@d', 'Brobygger <no-reply>', 'Brobygger <a@b> extra', 'x@y\r\nBcc: z@w'])('refuses MAIL_FROM=%s, naming it', (value) => {
      expect(() => loadConfig({ MAIL_FROM: value })).toThrow(/MAIL_FROM must be an e-mail address/);
    });

    it.each(['0', '1.5', 'often', '3601'])('refuses MAIL_POLL_SECONDS=%s', (value) => {
      expect(() => loadConfig({ MAIL_POLL_SECONDS: value })).toThrow(/MAIL_POLL_SECONDS must be a whole number from 1 to 3600/);
    });
  });

  describe('the hour of the daily digest', () => {
    it('is 7 in the morning unless DIGEST_HOUR says otherwise', () => {
      expect(loadConfig({}).digestHour).toBe(7);
      expect(loadConfig({ DIGEST_HOUR: '0' }).digestHour).toBe(0);
      expect(loadConfig({ DIGEST_HOUR: '23' }).digestHour).toBe(23);
      expect(loadConfig({ DIGEST_HOUR: '06' }).digestHour).toBe(6);
    });

    it.each(['24', '-1', '7.5', 'seven', '1e1'])('refuses DIGEST_HOUR=%s', (value) => {
      expect(() => loadConfig({ DIGEST_HOUR: value })).toThrow(/DIGEST_HOUR must be a whole hour from 0 to 23/);
    });
  });

  describe('scheduled jobs', () => {
    it('looks for due jobs on the clock, except in tests, which run them when they choose', () => {
      expect(loadConfig({}).scheduledJobs).toBe(true);
      expect(loadConfig({ NODE_ENV: 'test' }).scheduledJobs).toBe(false);
      expect(loadConfig({ SCHEDULED_JOBS: 'off' }).scheduledJobs).toBe(false);
      expect(loadConfig({ NODE_ENV: 'test', SCHEDULED_JOBS: 'on' }).scheduledJobs).toBe(true);
    });

    it('refuses any other SCHEDULED_JOBS value, naming it', () => {
      expect(() => loadConfig({ SCHEDULED_JOBS: 'yes' })).toThrow(/SCHEDULED_JOBS must be on or off \(got "yes"\)/);
    });
  });

  describe('the retention period', () => {
    it('is unset unless RETENTION_MONTHS gives a whole number of months', () => {
      expect(loadConfig({}).retentionMonths).toBeUndefined();
      expect(loadConfig({ RETENTION_MONTHS: '' }).retentionMonths).toBeUndefined();
      expect(loadConfig({ RETENTION_MONTHS: '36' }).retentionMonths).toBe(36);
      expect(loadConfig({ RETENTION_MONTHS: ' 1 ' }).retentionMonths).toBe(1);
    });

    it.each(['0', '-3', '2.5', 'tre', '1e2', '1201'])('refuses RETENTION_MONTHS=%s, naming it', (value) => {
      expect(() => loadConfig({ RETENTION_MONTHS: value })).toThrow(`RETENTION_MONTHS must be a whole number of months from 1 to 1200, or unset to keep people until erased by request (got "${value}")`);
    });
  });

  describe('the second factor', () => {
    it('is required of those who sign off in production, and not elsewhere, unless REQUIRE_SECOND_FACTOR says otherwise', () => {
      const production = { ...PRODUCTION_MAIL, NODE_ENV: 'production', PUBLIC_URL: 'https://brobygger.example.no', SESSION_SECRET: 'x'.repeat(32) };
      expect(loadConfig(production).requireSecondFactor).toBe(true);
      expect(loadConfig({ ...production, REQUIRE_SECOND_FACTOR: 'off' }).requireSecondFactor).toBe(false);
      expect(loadConfig({}).requireSecondFactor).toBe(false);
      expect(loadConfig({ NODE_ENV: 'test' }).requireSecondFactor).toBe(false);
      expect(loadConfig({ NODE_ENV: 'test', REQUIRE_SECOND_FACTOR: 'on' }).requireSecondFactor).toBe(true);
    });

    it('refuses any other REQUIRE_SECOND_FACTOR value, naming it', () => {
      expect(() => loadConfig({ REQUIRE_SECOND_FACTOR: 'true' })).toThrow(/REQUIRE_SECOND_FACTOR must be on or off \(got "true"\)/);
    });
  });
});
