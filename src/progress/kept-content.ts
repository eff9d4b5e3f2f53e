import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { createParamDecorator, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import type { Request, Response } from 'express';
import { Templates } from '../common/views/view-engine';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Locale, translate } from '../i18n/i18n';
import { ChangeStampsRepository, KeptScope } from './change-stamps.repository';

/** What of one request must never be kept for others: its session's CSRF token and its one-time message. */
export interface PageSecrets {
  csrfToken?: string | null;
  flash?: object;
}

/** The language a page is shown in, and the secrets its kept parts must not hold. */
export interface Visit {
  locale: Locale;
  secrets: PageSecrets;
}

/** `@CurrentVisit() visit: Visit` in a controller: the page's language and its secrets, from the page context. */
export const CurrentVisit = createParamDecorator((_: unknown, context: ExecutionContext): Visit => {
  const http = context.switchToHttp();
  const session = http.getRequest<Request>().session as { csrfToken?: string | null } | undefined;
  const locals = http.getResponse<Response>().locals;
  return { locale: locals.locale as Locale, secrets: { csrfToken: session?.csrfToken, flash: locals.flash as object | undefined } };
});

/** A part of a page, kept between requests while what it shows has not changed. */
export interface KeptRequest<A> {
  /** The part's template under `views/`; rendered alone, with the page's language. */
  template: string;
  /** Whose data it shows: the change stamps of this scope decide whether a kept one is still true. */
  scope: KeptScope;
  /** Everything else that changes what it shows: the date, the list's filter and order. The language is added. */
  varies: unknown[];
  visit: Visit;
  /** Works out what the part shows: the model its template renders, and what the page needs of it beside the HTML. */
  work: () => Promise<{ model: Record<string, unknown>; about: A }>;
}

export interface Kept<A> {
  html: string;
  about: A;
}

/** A kept content would have held a CSRF token or a flash message: a bug in the template or the data given to it. */
export class KeptContentLeak extends Error {}

/** Thrown out of the cache's `wrap` so that a part that must not be kept is neither kept nor handed to the requests waiting on it. */
class NotKept {}

// Stand-ins for the request's own CSRF token and flash message while a kept part is rendered: a part that asks
// for either shows the stand-in, and is refused.
const TOKEN_STAND_IN = 'kept-content-must-not-hold-a-csrf-token';
const FLASH_STAND_IN = 'kept-content-must-not-hold-a-flash-message';

/**
 * The one place where page contents are kept: the rendered HTML of a page's costly part (the coordinator's
 * cohort table, the employer view's trainees), per scope, language and whatever else varies, under the change
 * stamps the database moves on every write to what the part reads. One small statement per request reads the
 * stamps; while they stand, the part is given as it was rendered. Access is decided before a part is asked for,
 * and the page around it (the person, the navigation, forms with their CSRF tokens, flash messages) is rendered
 * for every request. Concurrent requests for the same missing part share one working out (cache-manager's
 * `wrap`). In development, where templates are read afresh, nothing is kept.
 */
@Injectable()
export class KeptContent {
  private readonly logger = new Logger(KeptContent.name);
  private readonly keeping: boolean;
  private readonly production: boolean;

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    private readonly stamps: ChangeStampsRepository,
    private readonly templates: Templates,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.keeping = config.cacheViews;
    this.production = config.env === 'production';
  }

  async get<A>(request: KeptRequest<A>): Promise<Kept<A>> {
    if (!this.keeping) return this.render(request, false);
    const stamps = await this.stamps.of(request.scope);
    const key = JSON.stringify([request.template, request.scope, stamps, request.visit.locale, ...request.varies]);
    try {
      return await this.cache.wrap(key, () => this.render(request, true));
    } catch (error) {
      // Each request then works out its own, for itself alone: one request's token must never reach another.
      if (error instanceof NotKept) return this.render(request, false);
      throw error;
    }
  }

  private async render<A>(request: KeptRequest<A>, keeping: boolean): Promise<Kept<A>> {
    const { model, about } = await request.work();
    const { locale, secrets } = request.visit;
    const html = this.templates.render(request.template, { ...model, locale, csrfToken: () => TOKEN_STAND_IN, flash: { key: FLASH_STAND_IN } });
    const found = leaks(html, secrets, locale);
    if (found.length === 0) return { html, about };
    const message = `${request.template} would keep ${found.join(' and ')}`;
    if (!this.production) throw new KeptContentLeak(message);
    this.logger.error(`${message}: shown to its own request only, not kept`);
    if (keeping) throw new NotKept();
    return { html, about };
  }
}

/**
 * What of a request's own that a rendered part holds, in words; none is an empty list. The markup looked for
 * (`name="_csrf"`, `class="flash"`) cannot come from escaped data, so a name someone typed cannot trip it.
 */
export function leaks(html: string, secrets: PageSecrets, locale: Locale): string[] {
  const found: string[] = [];
  if (html.includes('name="_csrf"') || html.includes(TOKEN_STAND_IN) || (secrets.csrfToken && html.includes(secrets.csrfToken))) found.push('a CSRF token');
  const flash = secrets.flash as { key?: unknown } | undefined;
  const flashText = typeof flash?.key === 'string' ? translate(locale, flash.key, flash as Record<string, unknown>) : undefined;
  if (html.includes(FLASH_STAND_IN) || html.includes('class="flash"') || (flashText && html.includes(flashText))) found.push('a flash message');
  return found;
}
