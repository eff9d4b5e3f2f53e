import request from 'supertest';
import { CohortSetupService } from '../src/cohort-admin/cohort-setup.service';
import { CurriculaService } from '../src/curricula/curricula.service';
import { browser, csrfFrom, DEMO_PASSWORD, makeUser, mainText, postgresUrl, startTestApp, TestApp } from './support/test-app';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
});

afterAll(async () => {
  await t.close();
});

const signedIn = async (email: string) => {
  const agent = browser(t);
  await agent.signIn(email, DEMO_PASSWORD);
  return agent;
};

describe('home pages per role', () => {
  it("shows the student their programme, cohort and where they are in it", async () => {
    const page = await (await signedIn('student@demo.test')).get('/');
    expect(page.status).toBe(200);
    const text = mainText(page.text);
    expect(text).toContain('Hei, Sara Dahl');
    expect(text).toContain('Ditt utdanningsprogram');
    expect(text).toContain('Erfaringsskolen, høstkullet');
    expect(text).toMatch(/Uke 6 av 15/);
    expect(text).not.toContain('Deltakere du veileder');
  });

  it('shows the supervisor only the students assigned to them', async () => {
    const text = mainText((await (await signedIn('supervisor@demo.test')).get('/')).text);
    expect(text).toContain('Deltakere du veileder');
    for (const name of ['Sara Dahl', 'Jonas Berg', 'Lars Nilsen', 'Ingrid Moe']) expect(text).toContain(name);
    expect(text).not.toContain('Amina Hassan');
  });

  it("shows the coordinator their cohorts, and not another coordinator's", async () => {
    const other = await makeUser(t, ['coordinator'], { name: 'Other Coordinator' });
    const version = t.app.get(CurriculaService).getCurrent('mb-bergen');
    await t.app.get(CohortSetupService).create({ name: 'Someone else’s cohort', curriculumVersionId: version.id, startDate: '2026-01-05', coordinatorIds: [other.id] });
    const text = mainText((await (await signedIn('coordinator@demo.test')).get('/')).text);
    expect(text).toContain('Kullene du er kursansvarlig for');
    expect(text).toContain('Erfaringsskolen, høstkullet');
    expect(text).toContain('MB Bergen, kull 2026/27');
    expect(text).not.toContain('Someone else');
  });

  it('shows the employer their organisation and what they will and will not see', async () => {
    const text = mainText((await (await signedIn('employer@demo.test')).get('/')).text);
    expect(text).toContain('Fjordvik kommune, psykisk helse og rus');
    expect(text).toContain('aldri praksislogg eller refleksjoner');
    expect(text).not.toContain('Sara Dahl');
  });

  it('shows the administrator every cohort and the accounts by role', async () => {
    const text = mainText((await (await signedIn('admin@demo.test')).get('/')).text);
    expect(text).toContain('Alle kull');
    expect(text).toContain('Someone else');
    expect(text).toMatch(/Deltakere \d+/);
  });

  it('puts only working pages in the navigation, marking the current one', async () => {
    const page = await (await signedIn('student@demo.test')).get('/programmes');
    const nav = /<nav class="site-nav"[\s\S]*?<\/nav>/.exec(page.text)![0];
    expect([...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1])).toEqual(['/', '/enrolments', '/notifications', '/programmes']);
    expect(nav).toContain('<a href="/programmes" aria-current="page">');
  });
});

describe('navigation per role', () => {
  it.each([
    ['supervisor', ['/', '/supervision', '/supervision/queue', '/notifications', '/programmes']],
    ['coordinator', ['/', '/cohorts', '/invitations', '/notifications', '/programmes']],
    ['admin', ['/', '/cohorts', '/invitations', '/people', '/organisations', '/audit', '/notifications', '/programmes']],
    ['employer', ['/', '/employer', '/notifications', '/programmes']],
  ])('offers the %s only what they can use', async (role, links) => {
    const page = await (await signedIn(`${role}@demo.test`)).get('/');
    const nav = /<nav class="site-nav"[\s\S]*?<\/nav>/.exec(page.text)![0];
    expect([...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1])).toEqual(links);
  });
});

describe('programme pages', () => {
  it('lists both programmes with duration and workload', async () => {
    const text = mainText((await (await signedIn('student@demo.test')).get('/programmes')).text);
    expect(text).toContain('Erfaringsskolen');
    expect(text).toContain('15 uker');
    expect(text).toContain('3 dager i uken');
    expect(text).toContain('MB Bergen');
    expect(text).toContain('12 måneder');
    expect(text).toContain('50 % stilling');
  });

  it('shows modules, lessons, schedule, requirements and our assumptions', async () => {
    const page = await (await signedIn('student@demo.test')).get('/programmes/mb-bergen');
    expect(page.status).toBe(200);
    const text = mainText(page.text);
    for (const part of ['Moduler og leksjoner', 'Undervisning', 'Praksis', 'Prosjektoppgave', 'Krav for å fullføre', 'Våre antakelser', '(vår antakelse)']) {
      expect(text).toContain(part);
    }
    expect(page.text).toMatch(/href="\/programmes\/mb-bergen\/modules\/[a-z-]+\/lessons\/[a-z-]+"/);
    expect(page.text).toMatch(/<title>Medarbeider med brukererfaring \(MB Bergen\) – Brobygger<\/title>/);
  });

  it('renders a lesson as safe HTML with a way to the next lesson', async () => {
    const agent = await signedIn('student@demo.test');
    const programme = await agent.get('/programmes/erfaringsskolen');
    const firstLesson = /href="(\/programmes\/erfaringsskolen\/modules\/[^"]+\/lessons\/[^"]+)"/.exec(programme.text)![1];
    const page = await agent.get(firstLesson);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<div class="prose" lang="nb">\s*<p>/);
    expect(page.text).not.toMatch(/<script/i);
    expect(page.text).toContain('rel="next"');
    expect(page.text.match(/<h1>/g)).toHaveLength(1);
  });

  it('answers an unknown programme, module or lesson with a 404 page in the site style', async () => {
    const agent = await signedIn('student@demo.test');
    for (const path of ['/programmes/nope', '/programmes/mb-bergen/modules/nope/lessons/nope', '/no/such/page']) {
      const res = await agent.get(path);
      expect(res.status).toBe(404);
      expect(mainText(res.text)).toContain('Fant ikke siden');
      expect(res.text).toContain('href="/static/css/main.css"');
    }
  });

  it('needs sign-in for every programme page', async () => {
    for (const path of ['/', '/programmes', '/programmes/mb-bergen']) {
      const res = await request(t.http).get(path);
      expect(res.status).toBe(303);
      expect(res.headers.location).toMatch(/^\/login\?next=/);
    }
  });
});

describe('language', () => {
  it("follows the browser's Accept-Language", async () => {
    const res = await request(t.http).get('/login').set('Accept-Language', 'en-GB,en;q=0.9');
    expect(res.text).toContain('<html lang="en">');
    expect(mainText(res.text)).toContain('Sign in with your email address and password.');
    expect(res.headers['content-language']).toBe('en');
  });

  it('switches language on any page, for someone not signed in', async () => {
    const agent = browser(t);
    const login = await agent.get('/login');
    expect(login.text).toContain('<html lang="nb">');
    const res = await agent.post('/locale').type('form').send({ _csrf: csrfFrom(login.text), locale: 'en', next: '/login' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login');
    expect((await agent.get('/login')).text).toContain('<html lang="en">');
  });

  it("remembers a signed-in person's choice on their account, across sessions", async () => {
    const user = await makeUser(t, ['student']);
    const agent = browser(t);
    await agent.signIn(user.email);
    const home = await agent.get('/');
    await agent.post('/locale').type('form').send({ _csrf: csrfFrom(home.text), locale: 'en', next: '/programmes' });
    const programmes = await agent.get('/programmes');
    expect(mainText(programmes.text)).toContain('15 weeks');
    expect(programmes.text).toContain('lang="nb">Norsk (bokmål)</button>');

    const later = browser(t);
    await later.signIn(user.email);
    expect((await later.get('/')).text).toContain('<html lang="en">');
  });

  it('never sends anyone to another site after switching', async () => {
    const agent = browser(t);
    const login = await agent.get('/login');
    const res = await agent.post('/locale').type('form').send({ _csrf: csrfFrom(login.text), locale: 'en', next: '//evil.example/' });
    expect(res.headers.location).toBe('/');
  });
});

describe('health and headers', () => {
  it('reports the server and database state without sign-in', async () => {
    const res = await request(t.http).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { type: postgresUrl ? 'postgres' : 'sqlite', status: 'up', migrations: 'current' } });
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('sends a Content-Security-Policy that allows no inline script', async () => {
    const res = await request(t.http).get('/login');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('lets no site show a page in a frame, saying so the same way in both headers', async () => {
    for (const path of ['/login', '/health']) {
      const res = await request(t.http).get(path);
      expect([path, res.headers['x-frame-options']]).toEqual([path, 'DENY']);
      expect([path, res.headers['content-security-policy']]).toEqual([path, expect.stringContaining("frame-ancestors 'none'")]);
    }
  });

  it("tells the browser not to keep a signed-in person's pages, so that after sign-out 'back' shows nothing of them", async () => {
    const agent = await signedIn('student@demo.test');
    for (const path of ['/', '/programmes']) {
      const res = await agent.get(path);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.etag).toBeUndefined();
    }
    const login = await request(t.http).get('/login');
    expect(login.headers['cache-control']).toBeUndefined();
    expect(login.headers.etag).toBeUndefined();
  });

  it('makes no state change on GET: a sign-out link would not sign anyone out', async () => {
    const agent = await signedIn('student@demo.test');
    expect((await agent.get('/logout')).status).toBe(404);
    expect((await agent.get('/')).status).toBe(200);
  });
});
