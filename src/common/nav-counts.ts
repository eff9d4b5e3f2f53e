import { CallHandler, ExecutionContext, Global, Injectable, Logger, Module, NestInterceptor } from '@nestjs/common';
import { RENDER_METADATA } from '@nestjs/common/constants';
import { APP_INTERCEPTOR, Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { mergeMap, Observable } from 'rxjs';
import { NavCount, NavItem, withNavCounts } from './page-context';
import type { SessionUser } from './session-user';

/**
 * A feature that puts numbers on navigation links (what waits in a queue, unread messages). It is asked on every
 * page a signed-in person opens, so it should cost at most one small, indexed statement per role.
 */
export interface NavCountSource {
  navCounts(user: SessionUser): Promise<NavCount[]>;
}

/** The sources of navigation counts; a feature registers its own when its module starts (`onModuleInit`). */
@Injectable()
export class NavCounts {
  private readonly logger = new Logger('NavCounts');
  private readonly sources: NavCountSource[] = [];

  register(source: NavCountSource): void {
    this.sources.push(source);
  }

  /** Every source's counts for this person. A source that fails costs its badges, never the page. */
  async of(user: SessionUser): Promise<NavCount[]> {
    const answers = await Promise.all(
      this.sources.map((source) =>
        source.navCounts(user).catch((error: unknown) => {
          this.logger.warn(`Navigation counts left out: ${error instanceof Error ? error.message : String(error)}`);
          return [];
        }),
      ),
    );
    return answers.flat();
  }
}

/**
 * Counts only for what shows the navigation: a signed-in person's GET of a page rendered in the layout (`@Render`).
 * Posts, JSON, files, redirects and signed-out visitors cost nothing. The counting runs beside the page's own work.
 */
@Injectable()
export class NavCountsInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly counts: NavCounts,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const user = req.user as SessionUser | undefined;
    if (req.method !== 'GET' || !user || !Array.isArray(res.locals.nav) || !this.reflector.get(RENDER_METADATA, context.getHandler())) return next.handle();
    const counting = this.counts.of(user);
    return next.handle().pipe(
      mergeMap(async (page: unknown) => {
        res.locals.nav = withNavCounts(res.locals.nav as NavItem[], await counting);
        return page;
      }),
    );
  }
}

/** The registry of navigation counts for every feature, and the interceptor that puts them on the pages. */
@Global()
@Module({
  providers: [NavCounts, { provide: APP_INTERCEPTOR, useClass: NavCountsInterceptor }],
  exports: [NavCounts],
})
export class NavCountsModule {}
