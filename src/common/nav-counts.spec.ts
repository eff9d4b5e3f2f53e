import { Logger, Render } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { lastValueFrom, of } from 'rxjs';
import { NavCounts, NavCountsInterceptor, NavCountSource } from './nav-counts';
import { navigationFor } from './page-context';
import type { SessionUser } from './session-user';

const supervisor: SessionUser = { id: 7, email: 's@example.test', name: 'S', locale: null, roles: ['supervisor'], organisationId: null };

class Pages {
  @Render('home/index')
  page() {
    return {};
  }

  json() {
    return {};
  }
}

/** One request through the interceptor: what the page's navigation ends up with, and how often the source was asked. */
async function visit(options: { method?: string; user?: SessionUser; handler?: keyof Pages; source?: NavCountSource['navCounts'] }) {
  const asked: number[] = [];
  const counts = new NavCounts();
  counts.register({
    navCounts: (user) => {
      asked.push(user.id);
      return (options.source ?? (async () => [{ href: '/supervision/queue', count: 3, label: 'home.badge.waiting' }]))(user);
    },
  });
  const user = 'user' in options ? options.user : supervisor;
  const req = { method: options.method ?? 'GET', user };
  const res = { locals: { nav: navigationFor(user, '/') } };
  const context = {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
    getHandler: () => Pages.prototype[options.handler ?? 'page'],
  } as unknown as ExecutionContext;
  await lastValueFrom(new NavCountsInterceptor(new Reflector(), counts).intercept(context, { handle: () => of({}) }));
  return { asked, badges: res.locals.nav.filter((item) => item.badges).map((item) => [item.href, item.badges]) };
}

describe('NavCountsInterceptor', () => {
  it("puts the sources' counts on a signed-in person's page", async () => {
    expect(await visit({})).toEqual({ asked: [7], badges: [['/supervision/queue', [{ count: 3, label: 'home.badge.waiting' }]]] });
  });

  it('asks nothing for a post, a handler that renders no page, or someone signed out', async () => {
    expect((await visit({ method: 'POST' })).asked).toEqual([]);
    expect((await visit({ handler: 'json' })).asked).toEqual([]);
    expect((await visit({ user: undefined })).asked).toEqual([]);
  });

  it('shows the page without badges when a source fails, and says so in the log', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const result = await visit({
      source: async () => {
        throw new Error('database gone');
      },
    });
    expect(result).toEqual({ asked: [7], badges: [] });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('database gone'));
    warn.mockRestore();
  });
});
