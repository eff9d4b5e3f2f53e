import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Logger } from '@nestjs/common';
import { createCache } from 'cache-manager';
import { Keyv } from 'keyv';
import { Templates } from '../common/views/view-engine';
import type { AppConfig } from '../config/config';
import { translate } from '../i18n/i18n';
import type { ChangeStampsRepository } from './change-stamps.repository';
import { KeptContent, KeptContentLeak, KeptRequest, leaks, Visit } from './kept-content';
import { keptStore } from './kept-content.module';

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kept-'));
  fs.mkdirSync(path.join(dir, 'partials'));
  fs.mkdirSync(path.join(dir, 'parts'));
  fs.copyFileSync(path.join(__dirname, '..', '..', 'views', 'partials', 'csrf.hbs'), path.join(dir, 'partials', 'csrf.hbs'));
  const parts: Record<string, string> = {
    table: '<p lang="{{locale}}">{{name}} &amp; co</p>',
    form: '<form method="post" action="/x">{{> csrf}}<button>Go</button></form>',
    flash: '{{#if flash}}<div class="flash" role="status"><p>{{t flash.key}}</p></div>{{/if}}<p>{{name}}</p>',
    text: '<p>{{name}}</p>',
  };
  for (const [name, text] of Object.entries(parts)) fs.writeFileSync(path.join(dir, 'parts', `${name}.hbs`), text);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function keptContent(env: AppConfig['env'] = 'test', cacheViews = true) {
  let stamp = 1;
  const stamps = { of: async () => `0:1 7:${stamp}` } as unknown as ChangeStampsRepository;
  const cache = createCache({ stores: [new Keyv({ store: keptStore({ maxEntries: 100, maxWeight: 100_000 }), serialize: undefined, deserialize: undefined })] });
  const kept = new KeptContent(cache, stamps, new Templates(dir, true), { env, cacheViews } as AppConfig);
  return { kept, move: () => (stamp += 1) };
}

const visit: Visit = { locale: 'nb', secrets: {} };

/** A request for one part, counting how often its data is worked out. */
function part(template: string, model: Record<string, unknown> = { name: 'Åse' }, over: Partial<KeptRequest<number>> = {}) {
  const request: KeptRequest<number> & { worked: number } = {
    template: `parts/${template}`,
    scope: { cohortId: 7 },
    varies: ['2026-12-03'],
    visit,
    worked: 0,
    work: async (): Promise<{ model: Record<string, unknown>; about: number }> => {
      request.worked += 1;
      return { model, about: request.worked };
    },
    ...over,
  };
  return request;
}

describe('KeptContent', () => {
  it('renders a part once and gives it again, with what the page needs of it, while the stamps stand', async () => {
    const { kept, move } = keptContent();
    const table = part('table');
    expect(await kept.get(table)).toEqual({ html: '<p lang="nb">Åse &amp; co</p>', about: 1 });
    expect(await kept.get(table)).toEqual({ html: '<p lang="nb">Åse &amp; co</p>', about: 1 });
    expect(table.worked).toBe(1);
    move();
    expect((await kept.get(table)).about).toBe(2);
  });

  it('keeps a part per scope, language and whatever else varies', async () => {
    const { kept } = keptContent();
    const table = part('table');
    await kept.get(table);
    await kept.get({ ...table, scope: { cohortId: 8 } });
    await kept.get({ ...table, scope: { organisationId: 7 } });
    await kept.get({ ...table, visit: { locale: 'en', secrets: {} } });
    await kept.get({ ...table, varies: ['2026-12-04'] });
    expect(table.worked).toBe(5);
    await kept.get({ ...table, scope: { cohortId: 8 } });
    expect(table.worked).toBe(5);
  });

  it('works a missing part out once for requests that ask for it at the same moment', async () => {
    const { kept } = keptContent();
    const table = part('table');
    const answers = await Promise.all([kept.get(table), kept.get(table), kept.get(table)]);
    expect(answers.map((a) => a.about)).toEqual([1, 1, 1]);
    expect(table.worked).toBe(1);
  });

  it('keeps nothing in development, where templates are read afresh', async () => {
    const { kept } = keptContent('development', false);
    const table = part('table');
    await kept.get(table);
    await kept.get(table);
    expect(table.worked).toBe(2);
  });
});

describe('the guard on kept content', () => {
  const flashMessage = { key: 'consent.flash.granted' };

  it('refuses a part with a form that carries a CSRF token, whatever the token', async () => {
    const { kept } = keptContent();
    await expect(kept.get(part('form'))).rejects.toThrow(new KeptContentLeak('parts/form would keep a CSRF token'));
  });

  it("refuses a part that shows the page's flash message", async () => {
    const { kept } = keptContent();
    await expect(kept.get(part('flash'))).rejects.toThrow(new KeptContentLeak('parts/flash would keep a flash message'));
  });

  it("refuses a part whose data carries this request's token or flash message", async () => {
    const { kept } = keptContent();
    const token = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
    const secrets = { csrfToken: token, flash: flashMessage };
    await expect(kept.get(part('text', { name: `token ${token}` }, { visit: { locale: 'nb', secrets } }))).rejects.toThrow(KeptContentLeak);
    const text = translate('nb', flashMessage.key);
    await expect(kept.get(part('text', { name: text }, { visit: { locale: 'nb', secrets } }))).rejects.toThrow('parts/text would keep a flash message');
    // The same part without them is kept.
    expect((await kept.get(part('text', { name: 'Åse' }, { visit: { locale: 'nb', secrets } }))).html).toBe('<p>Åse</p>');
  });

  it('in production shows such a part to its own request only, never keeps it, and says so in the log', async () => {
    const { kept } = keptContent('production');
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const form = part('form');
      expect((await kept.get(form)).html).toContain('<form');
      const once = form.worked;
      await kept.get(form);
      expect(form.worked).toBe(2 * once);
      expect(errors).toHaveBeenCalledWith('parts/form would keep a CSRF token: shown to its own request only, not kept');
      // Requests waiting on the same part each get one worked out for them, never the first one's.
      const answers = await Promise.all([kept.get(form), kept.get(form)]);
      expect(answers.map((a) => a.about).sort()).not.toContain(undefined);
      expect(new Set(answers.map((a) => a.about)).size).toBe(2);
    } finally {
      errors.mockRestore();
    }
  });

  it('names what leaks, and nothing in a clean part', () => {
    expect(leaks('<input name="_csrf" value="x">', {}, 'nb')).toEqual(['a CSRF token']);
    expect(leaks('<div class="flash">Lagret</div>', {}, 'nb')).toEqual(['a flash message']);
    expect(leaks(`<p>${translate('en', flashMessage.key)}</p>`, { flash: flashMessage }, 'en')).toEqual(['a flash message']);
    expect(leaks('<p>tok-123456</p>', { csrfToken: 'tok-123456' }, 'nb')).toEqual(['a CSRF token']);
    expect(leaks('<table><tr><td>Åse</td></tr></table>', { csrfToken: 'tok-123456', flash: flashMessage }, 'nb')).toEqual([]);
    // Data someone typed is escaped, so it cannot look like the markup of a form field or a flash message.
    expect(leaks('<td>name&#x3D;&quot;_csrf&quot; class&#x3D;&quot;flash&quot;</td>', {}, 'nb')).toEqual([]);
  });
});
