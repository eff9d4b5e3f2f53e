import { Logger } from '@nestjs/common';
import { createApp } from './app';
import { ConfigError, loadConfig, withoutPassword } from './config/config';
import { CurriculumProblemsError } from './curricula/curriculum-loader';
import { DEMO_ACCOUNTS } from './demo/demo.service';

async function main(): Promise<void> {
  const logger = new Logger('Brobygger');
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      logger.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  try {
    const { app, demo } = await createApp(config);
    app.enableShutdownHooks();
    await app.listen(config.port);
    const url = `http://localhost:${config.port}`;
    logger.log(`Serving on ${url} (${config.database.type === 'sqlite' ? `SQLite: ${config.database.path}` : 'PostgreSQL'})`);
    logger.log(
      config.smtpUrl
        ? `E-mail goes out through ${withoutPassword(config.smtpUrl)} from ${config.mailFrom}; links in it start with ${config.publicUrl}`
        : `E-mail is not sent: SMTP_URL is not set, so every message is kept in the outbox, where administrators read it at ${url}/mail-outbox`,
    );
    if (demo.created) {
      const lines = [
        `Demo installation created. Sign in at ${url}/login with one of:`,
        ...DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(24)} (${a.roles.join(', ')})`),
        demo.generatedPassword
          ? `  password: ${demo.password}   (shown only now; set DEMO_PASSWORD to choose one)`
          : '  password: the value of DEMO_PASSWORD',
      ];
      logger.log(lines.join('\n'));
    }
  } catch (error) {
    if (error instanceof CurriculumProblemsError) {
      logger.error(`Not starting: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

void main();
