import request from 'supertest';
import { InvitationsService } from '../src/accounts/invitations.service';
import { formsOn, PageForm } from './support/forms';
import { browser, csrfFrom, DEMO_PASSWORD, startTestApp, TestApp } from './support/test-app';

/**
 * Every form route of the application, as each demo account that can use it, sent a few thousand
 * random and hostile bodies from a seeded generator: none may answer with a server error. The routes
 * come from the router itself, so a new one is fuzzed without being listed here; their real addresses,
 * the accounts that use them and their fields come from the forms on the pages each account can reach.
 *
 * FUZZ_SEED=<number> repeats a run; FUZZ_REQUESTS=<number> changes how many bodies are sent in all.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 14_04);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3000);
/** The pages each account reads to find forms: at most this many per page route, and this many in all. */
const PAGES_PER_ROUTE = 2;
const PAGES_PER_ACCOUNT = 80;
/** Signing out would end the run's sessions; it is the one form route not fuzzed. */
const NOT_FUZZED = ['/logout'];

jest.setTimeout(170_000);

/** mulberry32: small, fast and the same on every machine for a given seed. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
type Random = ReturnType<typeof generator>;

const HUGE = 'å'.repeat(50_000); // 100 kB as UTF-8
const HOSTILE: readonly string[] = [
  '', ' ', 'abc', 'NaN', 'Infinity', '-Infinity', '-1', '0', '1', '1.5', '1e309', '1e3', '0x10', ' 1 ', '01', '99999999999', '2147483648', '9007199254740993',
  '2026-02-30', '99999-01-01', '0000-00-00', '2026-13-01', '2026-1-1', '1900-01-01', '2100-12-31', '2026-10-06T00:00:00Z',
  '\u0000', 'a\u0000b', '\uFFFF', '\uD800', 'ÆØÅ æøå', '😀‮', '\r\n', '%00', '__proto__', 'constructor', 'toString', 'hasOwnProperty',
  'true', 'false', 'null', 'undefined', '[]', '{}', "' OR 1=1 --", '<script>alert(1)</script>', '{{t "x"}}', '../../etc/passwd', '/\\evil.example',
  'approved', 'draft', 'submit', 'revision_requested', 'present', 'absent', 'excused', 'yes', 'no', 'nb', 'en', 'x'.repeat(300),
];
const UNKNOWN_FIELDS: readonly string[] = ['__proto__', 'constructor', 'prototype', 'a[b]', 'a[]', 'role', 'roles', 'id', 'userId', 'state', 'isAdmin', 'version'];

function hostileValue(r: Random, valid: unknown): string {
  const roll = r.next();
  if (roll < 0.03) return HUGE;
  if (roll < 0.1) return String(r.int(1_000_000) - 1000);
  if (roll < 0.15) return `${1990 + r.int(150)}-${String(r.int(14)).padStart(2, '0')}-${String(r.int(33)).padStart(2, '0')}`;
  if (roll < 0.2 && typeof valid === 'string') return valid + valid;
  return r.pick(HOSTILE);
}

/** A value only a JSON body can carry: numbers, booleans, null, nested lists and objects. */
function jsonValue(r: Random, valid: unknown, depth = 0): unknown {
  switch (r.int(depth > 1 ? 6 : 9)) {
    case 0: return r.pick([0, -1, 1.5, 1e308, -0, 2 ** 53 + 1]);
    case 1: return r.chance(0.5);
    case 2: return null;
    case 3: return valid;
    case 4: return hostileValue(r, valid);
    case 5: return [];
    case 6: return [jsonValue(r, valid, depth + 1), jsonValue(r, valid, depth + 1)];
    case 7: return { [r.pick(['a', '__proto__', 'constructor', 'length', '0'])]: jsonValue(r, valid, depth + 1) };
    default: return { toString: 'x', valueOf: 1, length: 2 };
  }
}

type Body = Record<string, unknown>;

/** A body made from the form as the page sent it, changed in a few random ways. */
function mutate(r: Random, form: PageForm, json: boolean): Body {
  const body: Body = { ...form.fields };
  const names = [...new Set([...form.names, ...Object.keys(form.fields)])].filter((n) => n !== '_csrf');
  if (r.chance(0.08)) return body; // unchanged, so that the valid path is walked too
  const changes = 1 + r.int(4);
  for (let i = 0; i < changes; i++) {
    const name = names.length ? r.pick(names) : r.pick(UNKNOWN_FIELDS);
    const valid = body[name];
    const roll = r.next();
    if (roll < 0.45) body[name] = json && r.chance(0.4) ? jsonValue(r, valid) : hostileValue(r, valid);
    else if (roll < 0.65) body[name] = [valid ?? '1', hostileValue(r, valid), ...(r.chance(0.3) ? [valid ?? ''] : [])].flat();
    else if (roll < 0.78) delete body[name];
    else if (roll < 0.9) body[r.pick(UNKNOWN_FIELDS)] = json ? jsonValue(r, valid) : hostileValue(r, valid);
    else for (const each of names) body[each] = hostileValue(r, body[each]);
  }
  if (r.chance(0.05)) for (const each of names) delete body[each];
  return body;
}

/** Percent-encoding; a lone surrogate (no character at all) goes out as the bytes a careless client would send. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return `${encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, ''))}%ED%A0%80`;
  }
}

/** application/x-www-form-urlencoded as a browser writes it, a list as the same field repeated. */
function urlencoded(body: Body): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(body)) {
    for (const each of Array.isArray(value) ? value : [value]) {
      if (each === undefined) continue;
      parts.push(`${encode(name)}=${encode(typeof each === 'string' ? each : JSON.stringify(each))}`);
    }
  }
  return parts.join('&');
}

const BOUNDARY = '----fuzz7MA4YWxkTrZu0gW';

/** multipart/form-data written out by hand, so that empty values, odd names and a file can all be sent. */
function multipart(body: Body, file?: { name: string; content: string }): Buffer {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(body)) {
    for (const each of Array.isArray(value) ? value : [value]) {
      if (each === undefined) continue;
      parts.push(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${typeof each === 'string' ? each : JSON.stringify(each)}\r\n`);
    }
  }
  if (file) parts.push(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n${file.content}\r\n`);
  return Buffer.from(`${parts.join('')}--${BOUNDARY}--\r\n`, 'utf8');
}

function excerpt(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' && v.length > 60 ? `${v.slice(0, 20)}…(${v.length})` : v)) ?? String(value));
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

interface RouteLayer {
  route: { path: string; methods: Record<string, boolean> };
  match(path: string): boolean;
  params?: Record<string, string>;
}

interface Account {
  email: string;
  agent: ReturnType<typeof browser>;
  token: string;
}

interface Target {
  route: string;
  account: Account;
  form: PageForm;
}

describe('every form route, sent random and hostile input', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
  });
  afterAll(() => t.close());

  it('never answers with a server error', async () => {
    process.stdout.write(`fuzz: seed ${SEED} (FUZZ_SEED=${SEED} repeats this run), ${REQUESTS} requests\n`);
    const r = generator(SEED);
    const layers = (t.app.getHttpAdapter().getInstance() as unknown as { router: { stack: RouteLayer[] } }).router.stack.filter((layer) => layer.route);
    const postRoutes = layers.filter((l) => l.route.methods.post);
    const getRoutes = layers.filter((l) => l.route.methods.get);
    const routeOf = (candidates: RouteLayer[], path: string) => candidates.find((l) => l.match(path));
    const paramValues = new Map<string, Set<string>>();
    const noteParams = (layer: RouteLayer) => {
      for (const [name, value] of Object.entries(layer.params ?? {})) {
        if (!paramValues.has(name)) paramValues.set(name, new Set());
        paramValues.get(name)!.add(value);
      }
    };

    // Everyone in the demo installation, and a visitor who is not signed in.
    const emails: string[] = (await t.dataSource.query('SELECT email FROM users ORDER BY id')).map((u: { email: string }) => u.email);
    const signIn = async (email: string): Promise<Account> => {
      const agent = browser(t);
      if (email) await agent.signIn(email, DEMO_PASSWORD);
      return { email, agent, token: csrfFrom((await agent.get(email ? '/' : '/login')).text) };
    };
    const accounts = [await signIn(''), ...(await Promise.all(emails.map(signIn)))];
    // A new student's invitation, so that accepting one is fuzzed as well.
    const [student] = await t.dataSource.query("SELECT u.id FROM users u WHERE u.email = 'student@demo.test'");
    const invitation = await t.app.get(InvitationsService).create(student.id, student.id);

    // Each account reads the pages it can reach from its home page and collects the forms on them.
    const targets: Target[] = [];
    const seenForms = new Set<string>();
    for (const account of accounts) {
      const queue = account.email ? ['/'] : ['/login', `/invitations/${invitation.token}`];
      const visited = new Set<string>();
      const perRoute = new Map<string, number>();
      while (queue.length && visited.size < PAGES_PER_ACCOUNT) {
        const path = queue.shift()!;
        if (visited.has(path)) continue;
        const layer = routeOf(getRoutes, path);
        if (!layer || (perRoute.get(layer.route.path) ?? 0) >= PAGES_PER_ROUTE) continue;
        visited.add(path);
        perRoute.set(layer.route.path, (perRoute.get(layer.route.path) ?? 0) + 1);
        noteParams(layer);
        const page = await account.agent.get(path);
        if (page.status !== 200 || !/text\/html/.test(page.headers['content-type'] ?? '')) continue;
        for (const form of formsOn(page.text)) {
          const post = routeOf(postRoutes, form.action);
          if (!post || NOT_FUZZED.includes(post.route.path)) continue;
          noteParams(post);
          const key = `${account.email} ${form.action}`;
          if (seenForms.has(key)) continue;
          seenForms.add(key);
          targets.push({ route: post.route.path, account, form });
        }
        for (const link of page.text.matchAll(/href="(\/[^"#?]*)/g)) {
          const next = link[1];
          if (/^\/(static|files)\/|\.csv$|\/(pdf|badge)$|^\/logout$/.test(next) || visited.has(next)) continue;
          queue.push(next);
        }
      }
    }

    // A form route no page showed a form for: its parameters filled with values seen in the pages'
    // addresses, sent by each account that is not refused (403) or told it does not exist (404).
    for (const post of postRoutes) {
      const route = post.route.path;
      if (NOT_FUZZED.includes(route) || targets.some((target) => target.route === route)) continue;
      const path = route.replace(/:(\w+)/g, (_m, name: string) => [...(paramValues.get(name) ?? ['1'])][0]);
      let added = false;
      for (const account of accounts) {
        const res = await account.agent.post(path).type('form').send({ _csrf: account.token });
        if (res.status < 500 && [403, 404].includes(res.status)) continue;
        targets.push({ route, account, form: { action: path, multipart: false, fields: {}, names: [] } });
        added = true;
      }
      if (!added) targets.push({ route, account: accounts[1], form: { action: path, multipart: false, fields: {}, names: [] } });
    }

    const uncovered = postRoutes.map((l) => l.route.path).filter((route) => !NOT_FUZZED.includes(route) && !targets.some((target) => target.route === route));
    expect(uncovered).toEqual([]);

    // The requests, shared out evenly over the routes, and over the forms found for each.
    // An administrator's changes to people (deactivation, a new address, a role taken away) can keep the run's
    // other accounts out for good: those routes go last, so that every other route is sent its share first.
    const changesPeople = (route: string) => route.startsWith('/people/');
    const routes = [...new Set(targets.map((target) => target.route))].sort((a, b) => Number(changesPeople(a)) - Number(changesPeople(b)));
    /** Signs the account in again; one that can no longer sign in goes on signed out, as a visitor would. */
    const lost = new Set<string>();
    const renew = async (account: Account) => {
      if (lost.has(account.email)) return;
      try {
        Object.assign(account, await signIn(account.email));
      } catch {
        lost.add(account.email);
      }
    };
    const perRoute = Math.max(1, Math.floor(REQUESTS / routes.length));
    const failures: string[] = [];
    const statuses = new Map<string, Map<number, number>>();
    let sent = 0;
    const started = Date.now();
    for (const route of routes) {
      const forRoute = targets.filter((target) => target.route === route);
      for (let i = 0; i < perRoute; i++) {
        const { account, form } = forRoute[i % forRoute.length];
        const encoding = r.pick(['form', 'form', 'form', 'form', 'form', 'json', 'json', 'multipart', 'multipart', 'odd'] as const);
        const body = mutate(r, form, encoding === 'json');
        const withToken = r.chance(0.97) ? { _csrf: account.token, ...body } : body;
        const req = account.agent.post(form.action).set('X-CSRF-Token', account.token);
        let res: request.Response;
        if (encoding === 'form') {
          res = await req.type('form').send(urlencoded(withToken));
        } else if (encoding === 'json') {
          res = await req.type('json').send(JSON.stringify(r.chance(0.05) ? [withToken] : withToken));
        } else if (encoding === 'multipart') {
          const file = r.chance(0.3) ? { name: r.pick(['a.pdf', 'b.docx', '../../x', 'æ.odt', '']), content: r.chance(0.5) ? '%PDF-1.4\n' : 'MZ\u0000\u0000' } : undefined;
          res = await req.set('Content-Type', `multipart/form-data; boundary=${BOUNDARY}`).send(multipart(withToken, file));
        } else {
          const odd = r.pick([
            ['application/json', '{"_csrf": '],
            ['application/json', 'null'],
            ['application/json', '"text"'],
            ['text/plain', urlencoded(withToken)],
            ['application/x-www-form-urlencoded', '%%%&&==&a=%zz'],
            ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n'],
            ['application/x-www-form-urlencoded; charset=utf-16', urlencoded(withToken)],
          ] as const);
          res = await req.set('Content-Type', odd[0]).send(odd[1]);
        }
        sent += 1;
        const counts = statuses.get(route) ?? new Map<number, number>();
        counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
        statuses.set(route, counts);
        if (res.status >= 500) {
          failures.push(`${res.status} POST ${form.action} (${route}) as ${account.email || 'a visitor'}, ${encoding}: ${excerpt(withToken)}\n    answered: ${excerpt(res.text.replace(/\s+/g, ' '))}`);
        }
        // A lost session (sent to the sign-in page) is renewed, and a refused token fetched again, so the run goes on as that person.
        if (res.status === 303 && /^\/login/.test(res.headers.location ?? '') && account.email) {
          await renew(account);
        } else if (res.status === 403 || (!account.email && res.status === 303)) {
          const home = await account.agent.get(account.email ? '/' : '/login');
          if (home.status === 200) account.token = csrfFrom(home.text);
          else if (account.email) await renew(account);
        }
      }
    }

    const table = routes.map((route) => `  ${route}: ${[...statuses.get(route)!].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ')}`);
    process.stdout.write(`fuzz: ${sent} requests over ${routes.length} routes in ${Math.round((Date.now() - started) / 1000)} s\n${table.join('\n')}\n`);
    expect(failures.slice(0, 15).join('\n')).toBe('');
  });
});
