import type { NextFunction, Request, Response } from 'express';
import type { SessionUser } from './session-user';
import { chooseLocale } from '../i18n/i18n';

/** A number beside a navigation link, e.g. "3" beside the queue, with what it counts in words for screen readers. */
export interface NavBadge {
  count: number;
  /** Message key of the words, given `{count}` ("{count} venter"). */
  label: string;
}

export interface NavItem {
  href: string;
  key: string;
  current: boolean;
  /** Set by `withNavCounts`, in the order the counters were given; absent while nothing is counted. */
  badges?: NavBadge[];
}

/** What a feature counts for one navigation link: the link's address, the number and its words. */
export interface NavCount extends NavBadge {
  href: string;
}

/** Navigation for what the person can do; an entry appears only once its pages work. */
export function navigationFor(user: SessionUser | undefined, path: string): NavItem[] {
  if (!user) return [];
  const items = [{ href: '/', key: 'nav.home' }];
  if (user.roles.includes('student')) items.push({ href: '/enrolments', key: 'nav.myProgramme' });
  if (user.roles.includes('supervisor')) {
    items.push({ href: '/supervision', key: 'nav.supervision' });
    items.push({ href: '/supervision/queue', key: 'nav.queue' });
  }
  if (user.roles.includes('employer')) items.push({ href: '/employer', key: 'nav.employer' });
  if (user.roles.includes('coordinator') || user.roles.includes('admin')) items.push({ href: '/cohorts', key: 'nav.cohorts' }, { href: '/invitations', key: 'accounts.invitations.title' });
  if (user.roles.includes('admin')) items.push({ href: '/people', key: 'people.nav' }, { href: '/organisations', key: 'organisations.nav' }, { href: '/audit', key: 'nav.audit' });
  items.push({ href: '/notifications', key: 'notifications.title' });
  items.push({ href: '/programmes', key: 'nav.programmes' });
  return items.map((item) => ({
    ...item,
    // The most specific entry is the current one ("/supervision/queue" rather than "/supervision").
    current: item.href === '/' ? path === '/' : (path === item.href || path.startsWith(`${item.href}/`)) && !items.some((other) => other.href.length > item.href.length && other.href.startsWith(item.href) && path.startsWith(other.href)),
  }));
}

/**
 * The navigation with each count as a badge on the link it names. A count of zero shows nothing, and a count for
 * a link the person does not have is dropped, so a counter cannot add a link. Several counters may name one link.
 */
export function withNavCounts(nav: NavItem[], counts: NavCount[]): NavItem[] {
  const shown = counts.filter((c) => c.count > 0);
  if (shown.length === 0) return nav;
  return nav.map((item) => {
    const badges = shown.filter((c) => c.href === item.href).map(({ count, label }) => ({ count, label }));
    return badges.length ? { ...item, badges: [...(item.badges ?? []), ...badges] } : item;
  });
}

/** What every page needs to know: the language, the person, the navigation and a CSRF token for its forms. */
export function pageContext(generateToken: (req: Request) => string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const user = req.user as SessionUser | undefined;
    const locale = chooseLocale({ userLocale: user?.locale, sessionLocale: req.session?.locale, acceptLanguage: req.headers['accept-language'] });
    res.locals.locale = locale;
    res.locals.otherLocale = locale === 'nb' ? 'en' : 'nb';
    res.locals.currentUser = user;
    res.locals.currentPath = req.originalUrl;
    res.locals.nav = navigationFor(user, req.path);
    // A message for the next page only (e.g. "enrolled"), shown once.
    if (req.session?.flash) {
      res.locals.flash = req.session.flash;
      delete req.session.flash;
    }
    res.setHeader('Content-Language', locale);
    // What a signed-in person sees is about them or the people they follow: not kept by the browser or any
    // cache on the way, so that after signing out on a shared computer "back" does not show it again.
    if (user) res.setHeader('Cache-Control', 'no-store');
    // A function, called by the template only where a form needs it: other pages and JSON start no session.
    res.locals.csrfToken = () => generateToken(req);
    next();
  };
}
