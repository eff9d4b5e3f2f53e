import { navigationFor, withNavCounts } from './page-context';
import type { SessionUser } from './session-user';
import type { Role } from './roles';

const person = (...roles: Role[]): SessionUser => ({ id: 1, email: 'a@example.test', name: 'A', locale: null, roles, organisationId: null });
const hrefs = (roles: Role[], path = '/') => navigationFor(person(...roles), path).map((item) => item.href);

describe('navigationFor', () => {
  it('offers each role its own pages and nobody the pages of another, and everyone their notifications', () => {
    expect(hrefs(['student'])).toEqual(['/', '/enrolments', '/notifications', '/programmes']);
    expect(hrefs(['supervisor'])).toEqual(['/', '/supervision', '/supervision/queue', '/notifications', '/programmes']);
    expect(hrefs(['employer'])).toEqual(['/', '/employer', '/notifications', '/programmes']);
    expect(hrefs(['coordinator'])).toEqual(['/', '/cohorts', '/invitations', '/notifications', '/programmes']);
    expect(hrefs(['admin'])).toEqual(['/', '/cohorts', '/invitations', '/people', '/organisations', '/audit', '/notifications', '/programmes']);
    expect(navigationFor(undefined, '/')).toEqual([]);
  });

  it('marks the most specific entry as the current one', () => {
    const current = (path: string) => navigationFor(person('supervisor'), path).filter((item) => item.current).map((item) => item.href);
    expect(current('/supervision/queue')).toEqual(['/supervision/queue']);
    expect(current('/supervision/enrolments/3')).toEqual(['/supervision']);
    expect(current('/')).toEqual(['/']);
  });
});

describe('withNavCounts', () => {
  const nav = () => navigationFor(person('student', 'supervisor'), '/');
  const badgesOf = (items: ReturnType<typeof nav>) => Object.fromEntries(items.filter((i) => i.badges).map((i) => [i.href, i.badges]));

  it('puts each count on the link it names, with the words for screen readers', () => {
    const items = withNavCounts(nav(), [
      { href: '/supervision/queue', count: 3, label: 'home.badge.waiting' },
      { href: '/enrolments', count: 1, label: 'home.badge.returned' },
    ]);
    expect(badgesOf(items)).toEqual({ '/supervision/queue': [{ count: 3, label: 'home.badge.waiting' }], '/enrolments': [{ count: 1, label: 'home.badge.returned' }] });
  });

  it('shows nothing for zero, and adds no link the person does not have', () => {
    const items = withNavCounts(nav(), [
      { href: '/supervision/queue', count: 0, label: 'home.badge.waiting' },
      { href: '/cohorts', count: 5, label: 'home.badge.cohorts' },
    ]);
    expect(badgesOf(items)).toEqual({});
    expect(items.map((i) => i.href)).toEqual(nav().map((i) => i.href));
  });

  it('keeps the badges of several counters on one link, in the order given, and leaves the navigation it was given alone', () => {
    const before = nav();
    const items = withNavCounts(before, [
      { href: '/', count: 2, label: 'notifications.badge' },
      { href: '/', count: 4, label: 'other.badge' },
    ]);
    expect(items[0].badges).toEqual([
      { count: 2, label: 'notifications.badge' },
      { count: 4, label: 'other.badge' },
    ]);
    expect(before[0].badges).toBeUndefined();
  });
});
