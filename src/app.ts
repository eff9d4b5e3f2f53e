import { LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { csrfSync } from 'csrf-sync';
import type { NextFunction, Request, Response } from 'express';
import { json, urlencoded } from 'express';
import helmet from 'helmet';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { assignmentUploads } from './assignments/upload';
import { AuthService } from './auth/auth.service';
import { DatabaseSessionStore } from './auth/session-store';
import { sessions } from './auth/sessions';
import { cleanBody } from './common/clean-body';
import { renderErrorPage } from './common/error-page';
import { pageContext } from './common/page-context';
import type { AppConfig } from './config/config';
import { createViewEngine } from './common/views/view-engine';
import { takeTurns } from './common/take-turns';
import { CurriculaService } from './curricula/curricula.service';
import { DemoResult, DemoService } from './demo/demo.service';

export const SESSION_COOKIE = 'brobygger.sid';

export interface StartedApp {
  app: NestExpressApplication;
  demo: DemoResult;
}

/**
 * Builds the whole server: database and migrations, curricula from files,
 * sessions, sign-in, CSRF, security headers and views. Used by `npm start`
 * and by every end-to-end test, so the tests exercise what runs.
 */
export async function createApp(config: AppConfig, options: { logger?: LoggerService | LogLevel[] | false } = {}): Promise<StartedApp> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    bodyParser: false,
    logger: options.logger ?? ['log', 'warn', 'error'],
  });
  try {
    configure(app, config);
    await app.init();
    await app.get(CurriculaService).syncFromDisk();
    const demo = await app.get(DemoService).seedIfEmpty();
    return { app, demo };
  } catch (error) {
    // A start that fails (an invalid programme file, say) closes what it opened, the database connections
    // first among them, so that a process that goes on (the CLI, the tests) holds nothing of it.
    await app.close().catch(() => undefined);
    throw error;
  }
}

function configure(app: NestExpressApplication, config: AppConfig): void {
  configureHttp(app, config);
  configureSessions(app, config);
}

/**
 * What every response gets before any data is read: views, security headers, static files and body
 * parsing. The benchmark's floor (bench/floor.js) starts with exactly this, so that it measures the same
 * framework work as the server.
 */
export function configureHttp(app: NestExpressApplication, config: AppConfig): void {
  const production = config.env === 'production';
  app.disable('x-powered-by');
  // Pages are made for each request, and a signed-in person's are never stored by the browser (pageContext):
  // no ETag, whose hash of every page cost as much as answering a conditional request would save.
  app.set('etag', false);
  if (config.trustProxy) app.set('trust proxy', 1);

  app.engine('hbs', createViewEngine(config.viewsDir, config.cacheViews));
  app.setBaseViewsDir(config.viewsDir);
  app.setViewEngine('hbs');

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          ...(production ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      hsts: production,
    }),
  );
  app.useStaticAssets(config.publicDir, { prefix: '/static/', maxAge: production ? '1d' : 0 });
  app.use(urlencoded({ extended: false, limit: '200kb' }));
  app.use(json({ limit: '200kb' }));
}

/** Sessions in the database, sign-in, multipart hand-ins, the page context and CSRF protection. */
function configureSessions(app: NestExpressApplication, config: AppConfig): void {
  const production = config.env === 'production';
  // Every request moves the idle timeout on, in the database (see DatabaseSessionStore); after that long
  // without one the session ends. The cookie has no expiry of its own: closing the browser ends it too,
  // and no response has to send it again.
  const store = new DatabaseSessionStore(app.get(DataSource), config.sessionIdleMinutes * 60_000);
  app.use(sessions({ name: SESSION_COOKIE, secret: config.sessionSecret, secure: production, store }));
  // The session has been read from the database: the request waits its turn, as it would for an asynchronous database.
  app.use(takeTurns);
  const auth = app.get(AuthService);
  app.use(auth.signedInUser);
  // Multipart bodies of assignment hand-ins (only those), parsed before the CSRF check reads their token.
  app.use(assignmentUploads(config));
  // Every body has been parsed by now (hand-ins just above): its text is made well formed before anything reads it.
  app.use(cleanBody);

  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) => (req.body?._csrf as string | undefined) ?? (req.headers['x-csrf-token'] as string | undefined),
  });
  app.use(pageContext((req) => generateToken(req)));
  app.use((req: Request, res: Response, next: NextFunction) => {
    csrfSynchronisedProtection(req, res, (error?: unknown) => (error ? renderErrorPage(res, 403, 'csrf') : next()));
  });
}
