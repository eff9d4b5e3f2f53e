import { LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { csrfSync } from 'csrf-sync';
import type { NextFunction, Request, Response } from 'express';
import { json, urlencoded } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import passport from 'passport';
import { AppModule } from './app.module';
import { assignmentUploads } from './assignments/upload';
import { SESSION_COOKIE, sessionCookieOptions } from './auth/session-cookie';
import { absoluteTimeout, stillSignedIn } from './auth/session-lifetime';
import { SessionStore } from './auth/session-store';
import { cleanBody } from './common/clean-body';
import { renderErrorPage } from './common/error-page';
import { pageContext } from './common/page-context';
import type { AppConfig } from './config/config';
import { createViewEngine } from './common/views/view-engine';
import { CurriculaService } from './curricula/curricula.service';
import { DemoResult, DemoService } from './demo/demo.service';
import { ONE_CLICK_PATH } from './notifications/unsubscribe.controller';
import { requestContextMiddleware } from './common/request-context';

export { SESSION_COOKIE };

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
  app.use(requestContextMiddleware);

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
      // The same answer as frame-ancestors 'none', for browsers that read only this header.
      frameguard: { action: 'deny' },
      hsts: production,
    }),
  );
  app.useStaticAssets(config.publicDir, { prefix: '/static/', maxAge: production ? '1d' : 0 });
  app.use(urlencoded({ extended: false, limit: '200kb' }));
  app.use(json({ limit: '200kb' }));
}

/**
 * Sessions in the database, the signed-in person, multipart hand-ins, the page context and CSRF protection,
 * in that order: each needs what the one before it put on the request.
 */
function configureSessions(app: NestExpressApplication, config: AppConfig): void {
  const store = app.get(SessionStore);
  // Every request moves the idle timeout on (the store's ttl); the cookie itself ends with the browser.
  app.use(
    session({
      name: SESSION_COOKIE,
      secret: config.sessionSecret,
      store,
      cookie: sessionCookieOptions(config.env === 'production'),
      resave: false,
      saveUninitialized: false,
    }),
  );
  app.use(absoluteTimeout(config.sessionAbsoluteHours * 3_600_000));
  app.use(passport.initialize());
  app.use(passport.session());
  // Multipart bodies of assignment hand-ins (only those), parsed before the CSRF check reads their token.
  app.use(assignmentUploads(config));
  // Every body has been parsed by now (hand-ins just above): its text is made well formed before anything reads it.
  app.use(cleanBody);
  // Once such a body is in: a sign-out that finished while it was uploading counts.
  app.use(stillSignedIn(store));

  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) => (req.body?._csrf as string | undefined) ?? (req.headers['x-csrf-token'] as string | undefined),
  });
  app.use(pageContext((req) => generateToken(req)));
  app.use((req: Request, res: Response, next: NextFunction) => {
    // A mail program's one-click unsubscribe (RFC 8058) carries neither cookie nor token: its address is its proof.
    if (req.method === 'POST' && ONE_CLICK_PATH.test(req.path)) return next();
    csrfSynchronisedProtection(req, res, (error?: unknown) => (error ? renderErrorPage(res, 403, 'csrf') : next()));
  });
}
