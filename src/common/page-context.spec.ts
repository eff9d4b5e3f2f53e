import { navigationFor } from './page-context';
import type { SessionUser } from './session-user';
import type { Role } from './roles';

const person = (...roles: Role[]): SessionUser => ({ id: 1, email: 'a@example.test', name: 'A', locale: null, roles, organisationId: null });
const hrefs = (roles: Role[], path = '/') => navigationFor(person(...roles), path).map((item) => item.href);

describe('navigationFor', () => {
  it('offers each role its own pages and nobody the pages of another', () => {
    expect(hrefs(['student'])).toEqual(['/', '/enrolments', '/programmes']);
    expect(hrefs(['supervisor'])).toEqual(['/', '/supervision', '/supervision/queue', '/programmes']);
    expect(hrefs(['employer'])).toEqual(['/', '/employer', '/programmes']);
    expect(hrefs(['coordinator'])).toEqual(['/', '/cohorts', '/invitations', '/programmes']);
    expect(hrefs(['admin'])).toEqual(['/', '/cohorts', '/invitations', '/people', '/organisations', '/programmes']);
    expect(navigationFor(undefined, '/')).toEqual([]);
  });

  it('marks the most specific entry as the current one', () => {
    const current = (path: string) => navigationFor(person('supervisor'), path).filter((item) => item.current).map((item) => item.href);
    expect(current('/supervision/queue')).toEqual(['/supervision/queue']);
    expect(current('/supervision/enrolments/3')).toEqual(['/supervision']);
    expect(current('/')).toEqual(['/']);
  });
});
