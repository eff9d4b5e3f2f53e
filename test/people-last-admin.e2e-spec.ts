import { LastAdministrator } from '../src/users/users.service';
import { formFor } from './support/forms';
import { csrfFrom, makeUser, signedIn, startTestApp, TestApp } from './support/test-app';

// The installation keeps an active administrator: none can be deactivated or lose the role when they are
// the last, not even when two administrators take it from each other at the same moment. An installation
// of its own, so that the administrators counted are only these two.

type Person = Awaited<ReturnType<typeof makeUser>>;

/** Posts a form the way a browser does: repeated names for checkboxes. */
function encode(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of ([] as string[]).concat(value)) params.append(key, v);
  return params.toString();
}

describe('the last active administrator', () => {
  let u: TestApp;
  let first: Person;
  let second: Person;

  beforeAll(async () => {
    u = await startTestApp();
    first = await makeUser(u, ['admin'], { name: 'First Admin' });
    second = await makeUser(u, ['admin', 'coordinator'], { name: 'Second Admin' });
  });
  afterAll(() => u.close());
  afterEach(() => jest.restoreAllMocks());

  const reset = async () => {
    await u.users.setActive(first.id, true);
    await u.users.setActive(second.id, true);
    for (const person of [first, second]) await u.users.addRole(person.id, 'admin');
  };
  const activeAdmins = async () =>
    Number((await u.dataSource.query("SELECT COUNT(*) AS n FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'admin' WHERE u.active = " + (u.dataSource.options.type === 'postgres' ? 'true' : '1')))[0].n);

  /** The two administrators' browsers, each on the other's page with its forms. */
  async function facingEachOther() {
    const a = await signedIn(u, first);
    const b = await signedIn(u, second);
    const aPage = await a.get(`/people/${second.id}`);
    const bPage = await b.get(`/people/${first.id}`);
    expect([aPage.status, bPage.status]).toEqual([200, 200]);
    return { a, b, aPage: aPage.text, bPage: bPage.text };
  }

  /**
   * Holds each change to people until both administrators' requests have reached it, past every check of
   * who they are, so that the two changes meet in the database as they would from two busy servers.
   */
  function meetBeforeWriting() {
    const users = u.users;
    let arrived = 0;
    let release!: () => void;
    const bothThere = new Promise<void>((resolve) => (release = resolve));
    const hold = <A extends unknown[], R>(original: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
      arrived += 1;
      if (arrived === 2) release();
      await bothThere;
      return original(...args);
    };
    const setActive = hold(users.setActive.bind(users));
    const update = hold(users.update.bind(users));
    jest.spyOn(users, 'setActive').mockImplementation(setActive);
    jest.spyOn(users, 'update').mockImplementation(update);
  }

  /** Exactly one of the two went through; the other was refused beside the field, saying why. */
  function oneRefused(responses: { status: number; text: string }[], field: 'access' | 'roles') {
    expect(responses.map((r) => r.status).sort()).toEqual([303, 400]);
    expect(responses.find((r) => r.status === 400)!.text).toMatch(new RegExp(`id="${field}-error">[\\s\\S]*siste aktive administratoren`));
  }

  it('cannot be deactivated by two administrators deactivating each other at once', async () => {
    for (let round = 0; round < 3; round += 1) {
      await reset();
      const { a, b, aPage, bPage } = await facingEachOther();
      meetBeforeWriting();
      const responses = await Promise.all([
        a.post(`/people/${second.id}/deactivate`).type('form').send({ _csrf: csrfFrom(aPage) }),
        b.post(`/people/${first.id}/deactivate`).type('form').send({ _csrf: csrfFrom(bPage) }),
      ]);
      jest.restoreAllMocks();
      oneRefused(responses, 'access');
      expect(await activeAdmins()).toBe(1);
    }
  });

  it('cannot lose the role to two administrators taking it from each other at once', async () => {
    for (let round = 0; round < 3; round += 1) {
      await reset();
      const { a, b, aPage, bPage } = await facingEachOther();
      meetBeforeWriting();
      const responses = await Promise.all([
        a.post(`/people/${second.id}`).type('form').send(encode({ ...formFor(aPage, `/people/${second.id}`).fields, roles: ['coordinator'] })),
        b.post(`/people/${first.id}`).type('form').send(encode({ ...formFor(bPage, `/people/${first.id}`).fields, roles: ['coordinator'] })),
      ]);
      jest.restoreAllMocks();
      oneRefused(responses, 'roles');
      expect(await activeAdmins()).toBe(1);
    }
  });

  it('holds when one deactivates the other while that one takes away the first one’s role', async () => {
    for (let round = 0; round < 3; round += 1) {
      await reset();
      const { a, b, aPage, bPage } = await facingEachOther();
      meetBeforeWriting();
      const [deactivated, demoted] = await Promise.all([
        a.post(`/people/${second.id}/deactivate`).type('form').send({ _csrf: csrfFrom(aPage) }),
        b.post(`/people/${first.id}`).type('form').send(encode({ ...formFor(bPage, `/people/${first.id}`).fields, roles: ['coordinator'] })),
      ]);
      jest.restoreAllMocks();
      expect([deactivated.status, demoted.status].sort()).toEqual([303, 400]);
      expect(await activeAdmins()).toBe(1);
    }
  });

  it('is refused below the pages too, and a deactivated administrator does not count', async () => {
    await reset();
    await u.users.setActive(second.id, false);
    await expect(u.users.setActive(first.id, false)).rejects.toThrow(LastAdministrator);
    await expect(u.users.update(first.id, (await u.users.findPerson(first.id))!.version, { name: 'First Admin', email: first.email, roles: ['student'], organisationId: null })).rejects.toThrow(LastAdministrator);
    expect(await activeAdmins()).toBe(1);
    // An inactive administrator may lose the role: the active one stays.
    await u.users.update(second.id, (await u.users.findPerson(second.id))!.version, { name: 'Second Admin', email: second.email, roles: ['coordinator'], organisationId: null });
    expect(await activeAdmins()).toBe(1);
  });
});
