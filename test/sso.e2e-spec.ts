import request from 'supertest';
import { InvitationsService } from '../src/accounts/invitations.service';
import { SessionRow } from '../src/auth/session.entity';
import { formFor } from './support/forms';
import { pathOf, providerBrowser, startOidcProvider, TestProvider, throughProvider } from './support/oidc-provider';
import { browser, csrfFrom, makeUser, mainText, sessionCookie, signedIn, startTestApp, TestApp } from './support/test-app';

const PUBLIC_URL = 'http://brobygger.localhost:4999';

/** The people the provider knows, by login (their subject there). */
const ACCOUNTS = {
  invited: { email: 'Invited.Person@example.test', email_verified: true },
  stranger: { email: 'stranger@example.test', email_verified: true },
  unverified: { email: 'unverified@example.test', email_verified: false },
  newcomer: { email: 'newcomer@provider.example', email_verified: true },
  second: { email: 'second@provider.example', email_verified: true },
  profile: { email: 'profile@provider.example', email_verified: true },
};

let provider: TestProvider;
let t: TestApp;
/** The account the provider's "invited" person matches by address (the provider writes it in other letters). */
let invited: { id: number; email: string };

beforeAll(async () => {
  provider = await startOidcProvider(PUBLIC_URL, ACCOUNTS);
  t = await startTestApp({ env: { PUBLIC_URL, ...provider.env } });
  invited = await makeUser(t, ['student'], { email: 'invited.person@example.test' });
});

afterAll(async () => {
  await t?.close();
  await provider?.stop();
});

type Agent = ReturnType<typeof browser>;

/** Starts a single sign-on in the app and goes through the provider's pages as `login`: the app's callback address. */
async function roundTrip(agent: Agent, login: string, start: () => Promise<request.Response> = () => agent.get('/login/sso')): Promise<string> {
  const started = await start();
  expect(started.status).toBe(303);
  expect(started.headers.location.startsWith(`${provider.issuer}/auth?`)).toBe(true);
  const back = await throughProvider(provider, providerBrowser(provider), started.headers.location, login);
  expect(back.startsWith(`${PUBLIC_URL}/login/sso/callback?`)).toBe(true);
  return back;
}

async function signInThroughProvider(agent: Agent, login: string, next?: string): Promise<request.Response> {
  const back = await roundTrip(agent, login, () => agent.get(`/login/sso${next ? `?next=${encodeURIComponent(next)}` : ''}`));
  return agent.get(pathOf(back));
}

async function lastAudit(kind: string): Promise<{ actor_id: number | null; subject_id: number | null; detail: Record<string, unknown> }> {
  const [row] = (await t.dataSource.query(`SELECT actor_id, subject_id, detail FROM audit_events WHERE kind = '${kind}' ORDER BY id DESC LIMIT 1`)) as { actor_id: number | null; subject_id: number | null; detail: string }[];
  return { actor_id: row.actor_id === null ? null : Number(row.actor_id), subject_id: row.subject_id === null ? null : Number(row.subject_id), detail: JSON.parse(row.detail) as Record<string, unknown> };
}

async function whoIsSignedIn(agent: Agent): Promise<string | null> {
  const profile = await agent.get('/profile');
  if (profile.status !== 200) return null;
  return /<dd>([^<]+@[^<]+)<\/dd>/.exec(profile.text)?.[1] ?? null;
}

/** An invited person who has not yet accepted: an account without a password, and an open link. */
async function invitee(email: string): Promise<{ id: number; token: string }> {
  const admin = await makeUser(t, ['admin']);
  const user = await t.users.create({ email, name: 'Invited Without Password', roles: ['supervisor'] });
  const { token } = await t.app.get(InvitationsService).create(user.id, admin.id);
  return { id: user.id, token };
}

/** The server-side session of the browser, as stored. */
function sessionId(res: request.Response): string {
  const cookie = sessionCookie(res) ?? '';
  const value = decodeURIComponent(/brobygger\.sid=([^;]+)/.exec(cookie)![1]);
  return value.slice(2, value.lastIndexOf('.'));
}

describe('signing in through the OpenID provider', () => {
  it('offers the provider on the sign-in page, keeping where the person was going', async () => {
    const page = await browser(t).get(`/login?next=${encodeURIComponent('/cohorts/1?tab=x&y=z')}`);
    expect(page.text).toContain(`<a class="button" href="/login/sso?next=${encodeURIComponent('/cohorts/1?tab=x&y=z')}">Logg inn med Testleverandør</a>`);
  });

  it('signs in an invited person whose verified e-mail address matches, in a new session, and records how', async () => {
    const person = invited;
    const agent = browser(t);
    const before = sessionCookie(await agent.get('/login'));
    const back = await roundTrip(agent, 'invited', () => agent.get('/login/sso?next=%2Fprofile'));
    const landed = await agent.get(pathOf(back));
    expect(landed.status).toBe(303);
    expect(landed.headers.location).toBe('/profile');
    expect(sessionCookie(landed)!.split(';')[0]).not.toBe(before!.split(';')[0]);
    expect(await whoIsSignedIn(agent)).toBe('invited.person@example.test');
    expect(await lastAudit('sign_in')).toEqual({ actor_id: person.id, subject_id: person.id, detail: { method: 'oidc' } });

    // The code and the round trip are spent: the same answer again signs nobody in.
    const other = browser(t);
    expect((await other.get(pathOf(back))).status).toBe(400);
    expect(await whoIsSignedIn(other)).toBeNull();
  });

  it('signs in a person whose invitation is still open, by their verified address', async () => {
    await invitee('second@provider.example');
    const agent = browser(t);
    expect((await signInThroughProvider(agent, 'second')).headers.location).toBe('/');
    expect(await whoIsSignedIn(agent)).toBe('second@provider.example');
  });

  it('refuses a person the app does not know, on the sign-in page, and makes no account', async () => {
    const people = await t.users.count();
    const agent = browser(t);
    const res = await signInThroughProvider(agent, 'stranger');
    expect(res.status).toBe(401);
    expect(mainText(res.text)).toContain('Vi fant ingen konto for deg i Brobygger. Kontoer lages bare ved invitasjon: be kursansvarlig om å invitere deg.');
    expect(res.text).toContain('Logg inn med Testleverandør');
    expect(await t.users.count()).toBe(people);
    expect(await t.users.findByEmail('stranger@example.test')).toBeNull();
    expect(await whoIsSignedIn(agent)).toBeNull();
    const failed = await lastAudit('sign_in_failed');
    expect(failed).toEqual({ actor_id: null, subject_id: null, detail: { method: 'oidc', purpose: 'sign_in', reason: 'no_account' } });
  });

  it('refuses an e-mail address the provider has not verified, though an account has it', async () => {
    const person = await makeUser(t, ['student'], { email: 'unverified@example.test' });
    const agent = browser(t);
    const res = await signInThroughProvider(agent, 'unverified');
    expect(res.status).toBe(401);
    expect(mainText(res.text)).toContain('Testleverandør har ikke bekreftet e-postadressen din');
    expect(await whoIsSignedIn(agent)).toBeNull();
    expect(await lastAudit('sign_in_failed')).toMatchObject({ subject_id: person.id, detail: { reason: 'email_unverified' } });
  });

  it('refuses an answer whose state is not the one this browser sent, and the true answer after it', async () => {
    const agent = browser(t);
    const back = new URL(await roundTrip(agent, 'invited'));
    const state = back.searchParams.get('state')!;
    const tampered = new URL(back);
    tampered.searchParams.set('state', `${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`);
    const res = await agent.get(pathOf(tampered.href));
    expect(res.status).toBe(400);
    expect(mainText(res.text)).toContain('Innloggingen med Testleverandør ble ikke fullført. Prøv igjen.');
    expect(await whoIsSignedIn(agent)).toBeNull();
    expect((await lastAudit('sign_in_failed')).detail).toEqual({ method: 'oidc', purpose: 'sign_in', reason: 'state' });

    expect((await agent.get(pathOf(back.href))).status).toBe(400);
    expect((await lastAudit('sign_in_failed')).detail).toEqual({ method: 'oidc', purpose: 'sign_in', reason: 'expired' });
    expect(await whoIsSignedIn(agent)).toBeNull();
  });

  it('refuses an ID token whose nonce is not the one this session sent', async () => {
    const agent = browser(t);
    const started = await agent.get('/login/sso');
    const sid = sessionId(started);
    // The provider's token carries the nonce of this request; the session now expects another one, as when a
    // token made for another sign-in is slipped into this one.
    const sessions = t.dataSource.getRepository(SessionRow);
    const row = await sessions.findOneByOrFail({ id: sid });
    const session = JSON.parse(row.json) as { ssoPending: { nonce: string } };
    session.ssoPending.nonce = 'a-nonce-this-provider-never-saw';
    await sessions.update({ id: sid }, { json: JSON.stringify(session) });

    const back = await throughProvider(provider, providerBrowser(provider), started.headers.location, 'invited');
    const res = await agent.get(pathOf(back));
    expect(res.status).toBe(400);
    expect(mainText(res.text)).toContain('ble ikke fullført');
    expect(await whoIsSignedIn(agent)).toBeNull();
    expect((await lastAudit('sign_in_failed')).detail).toEqual({ method: 'oidc', purpose: 'sign_in', reason: 'nonce' });
  });

  it('refuses a callback that no sign-in started', async () => {
    const res = await browser(t).get('/login/sso/callback?code=made-up&state=made-up');
    expect(res.status).toBe(400);
    expect(mainText(res.text)).toContain('ble ikke fullført');
  });

  it('ends the provider’s session too at sign-out, and comes back to the sign-in page', async () => {
    const agent = browser(t);
    const at = providerBrowser(provider);
    const started = await agent.get('/login/sso');
    const back = await throughProvider(provider, at, started.headers.location, 'invited');
    await agent.get(pathOf(back));
    const profile = await agent.get('/profile');
    const token = csrfFrom(profile.text);
    // The sign-out button's form may go on to the provider: browsers hold its redirect to form-action.
    expect(profile.headers['content-security-policy']).toContain(`form-action 'self' ${new URL(provider.issuer).origin}`);

    const out = await agent.post('/logout').type('form').send({ _csrf: token });
    expect(out.status).toBe(303);
    const end = new URL(out.headers.location);
    expect(`${end.origin}${end.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(end.searchParams.get('id_token_hint')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC_URL}/login?signedOut=1`);
    expect(await whoIsSignedIn(agent)).toBeNull();

    // The provider accepts the hint and the address, and sends the browser back to the app.
    expect(await throughProvider(provider, at, out.headers.location)).toBe(`${PUBLIC_URL}/login?signedOut=1`);
    // Its session has ended: a new sign-in there asks who is signing in again.
    const again = await agent.get('/login/sso');
    const interaction = (await at.get(pathOf(again.headers.location))).headers.location as string;
    const page = await at.get(pathOf(new URL(interaction, provider.issuer).href));
    expect(page.text).toContain('name="prompt" value="login"');
  });

  it('signs a person who signed in with a password out to the sign-in page, as before', async () => {
    const person = await makeUser(t, ['student']);
    const agent = await signedIn(t, person);
    expect((await agent.get('/profile')).headers['content-security-policy']).toContain("form-action 'self';");
    const out = await agent.post('/logout').type('form').send({ _csrf: csrfFrom((await agent.get('/profile')).text) });
    expect(out.headers.location).toBe('/login?signedOut=1');
  });
});

describe('accepting an invitation through the provider', () => {
  it('links the account to the person at the provider, spends the link and signs in; later they sign in by subject, whatever their address', async () => {
    const { id, token } = await invitee('newcomer@example.test');
    const agent = browser(t);
    const page = await agent.get(`/invitations/${token}`);
    expect(page.text).toContain(`href="/invitations/${token}/sso">Godta med Testleverandør</a>`);

    const back = await roundTrip(agent, 'newcomer', () => agent.get(`/invitations/${token}/sso`));
    const landed = await agent.get(pathOf(back));
    expect(landed.headers.location).toBe('/');
    expect(await whoIsSignedIn(agent)).toBe('newcomer@example.test');
    expect((await browser(t).get(`/invitations/${token}`)).status).toBe(404);
    const links = (await t.dataSource.query(`SELECT user_id, issuer, subject FROM sign_in_links WHERE user_id = ${id}`)) as { user_id: number; issuer: string; subject: string }[];
    expect(links.map((l) => ({ ...l, user_id: Number(l.user_id) }))).toEqual([{ user_id: id, issuer: provider.issuer, subject: 'newcomer' }]);
    expect(await lastAudit('sign_in_link_added')).toEqual({ actor_id: id, subject_id: id, detail: { method: 'oidc', via: 'invitation' } });

    // The provider's address (newcomer@provider.example) never matched; the link does. It still does once the
    // account's own address has changed.
    await t.dataSource.query(`UPDATE users SET email = 'moved@example.test' WHERE id = ${id}`);
    const later = browser(t);
    expect((await signInThroughProvider(later, 'newcomer')).headers.location).toBe('/');
    expect(await whoIsSignedIn(later)).toBe('moved@example.test');
  });

  it('refuses to link a person at the provider who is linked to another account already, and keeps the invitation open', async () => {
    const { token } = await invitee('late.comer@example.test');
    const agent = browser(t);
    await signInThroughProvider(browser(t), 'newcomer');
    const back = await roundTrip(agent, 'newcomer', () => agent.get(`/invitations/${token}/sso`));
    const res = await agent.get(pathOf(back));
    expect(res.status).toBe(409);
    expect(mainText(res.text)).toContain('som allerede er koblet til en annen konto i Brobygger');
    expect(await whoIsSignedIn(agent)).toBeNull();
    expect((await browser(t).get(`/invitations/${token}`)).status).toBe(200);
  });

  it('answers a link that is not open with the invalid-link page', async () => {
    const res = await browser(t).get('/invitations/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/sso');
    expect(res.status).toBe(404);
    expect(res.headers.location).toBeUndefined();
  });
});

describe('linking from the profile page', () => {
  it('links the signed-in person, who then signs in through the provider, and unlinks again', async () => {
    const person = await makeUser(t, ['coordinator']);
    const agent = await signedIn(t, person);
    const profile = await agent.get('/profile');
    expect(profile.text).toContain('href="/profile/sso/link">Koble til Testleverandør</a>');
    const back = await roundTrip(agent, 'profile', () => agent.get('/profile/sso/link'));
    const linked = await agent.get(pathOf(back));
    expect(linked.headers.location).toBe('/profile');
    const after = await agent.get('/profile');
    expect(mainText(after.text)).toContain('Kontoen din er koblet.');
    expect(mainText(after.text)).toContain('Fjern koblingen');

    const other = browser(t);
    await signInThroughProvider(other, 'profile');
    expect(await whoIsSignedIn(other)).toBe(person.email);

    const unlink = formFor(after.text, '/profile/sso/unlink');
    expect((await agent.post(unlink.action).type('form').send(unlink.fields)).headers.location).toBe('/profile');
    expect(mainText((await agent.get('/profile')).text)).toContain('Koblingen er fjernet.');
    expect(await lastAudit('sign_in_link_removed')).toMatchObject({ actor_id: person.id, subject_id: person.id });
    const refused = await signInThroughProvider(browser(t), 'profile');
    expect(refused.status).toBe(401);
  });

  it('is for signed-in people only', async () => {
    const agent = browser(t);
    const token = csrfFrom((await agent.get('/login')).text);
    expect((await agent.get('/profile/sso/link')).headers.location).toMatch(/^\/login/);
    expect((await agent.post('/profile/sso/unlink').type('form').send({ _csrf: token })).headers.location).toMatch(/^\/login/);
  });
});

describe('without a provider', () => {
  it('shows no button and answers every route with 404 when single sign-on is not set up', async () => {
    const plain = await startTestApp({ env: { PUBLIC_URL } });
    try {
      const person = await makeUser(plain, ['student']);
      const agent = browser(plain);
      const login = await agent.get('/login');
      expect(login.text).not.toContain('/login/sso');
      expect((await agent.get('/login/sso')).status).toBe(404);
      expect((await agent.get('/login/sso/callback?code=x&state=y')).status).toBe(404);
      const signed = await signedIn(plain, person);
      const profile = await signed.get('/profile');
      expect(profile.text).not.toContain('/profile/sso/link');
      const token = csrfFrom(profile.text);
      expect((await signed.get('/profile/sso/link')).status).toBe(404);
      expect((await agent.get('/invitations/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/sso')).status).toBe(404);
      expect((await signed.post('/profile/sso/unlink').type('form').send({ _csrf: token })).status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('starts while the provider is down, and says so on the sign-in page when someone tries', async () => {
    const down = await startTestApp({ env: { PUBLIC_URL, ...provider.env, OIDC_ISSUER: 'http://127.0.0.1:9', OIDC_NAME: 'Feide' } });
    try {
      const res = await browser(down).get('/login/sso');
      expect(res.status).toBe(503);
      expect(mainText(res.text)).toContain('Innlogging med Feide virker ikke akkurat nå.');
      expect(res.text).toContain('name="password"');
    } finally {
      await down.close();
    }
  });
});

