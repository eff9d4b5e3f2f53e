import Handlebars from 'handlebars';
import { helpers } from '.';

function render(template: string, data: Record<string, unknown>): string {
  const hbs = Handlebars.create();
  hbs.registerHelper(helpers);
  return hbs.compile(template)(data);
}

describe('view helpers', () => {
  it('t translates into the page language with parameters', () => {
    expect(render('{{t "login.throttled" minutes=3}}', { locale: 'en' })).toBe('Too many failed sign-ins. Try again in 3 minutes.');
    expect(render('{{t "login.throttled" minutes=3}}', { locale: 'nb' })).toContain('Prøv igjen om 3 minutter');
  });

  it('t writes numbers the way the language does', () => {
    expect(render('{{t "practice.totals.pending" hours=h}}', { locale: 'nb', h: 2.5 })).toContain('2,5');
    expect(render('{{t "practice.totals.pending" hours=h}}', { locale: 'en', h: 2.5 })).toContain('2.5');
  });

  it('t escapes what it returns', () => {
    expect(render('{{t "x.<b>"}}', { locale: 'nb' })).toBe('x.&lt;b&gt;');
  });

  it('loc picks the language inside a block and locLang says which it picked', () => {
    const data = { locale: 'en', items: [{ title: { nb: 'Håp', en: 'Hope' } }, { title: { nb: 'Mening' } }] };
    expect(render('{{#each items}}{{loc title}}/{{locLang title}} {{/each}}', data)).toBe('Hope/en Mening/nb ');
  });

  it('date writes a calendar date out in the page language', () => {
    expect(render('{{date d}}', { locale: 'nb', d: '2026-10-05' })).toBe('5. oktober 2026');
    expect(render('{{date d}}', { locale: 'en', d: '2026-10-05' })).toBe('5 October 2026');
  });

  it('date gives the same text for a date it has written before, in each language, and leaves what is not a date as it is', () => {
    const data = { d: '2026-02-28', later: '2026-02-28T23:30:00Z', when: new Date('2026-03-01T12:00:00Z'), bad: 'snart' };
    const template = '{{date d}}|{{date d}}|{{date later}}|{{date when}}|{{date bad}}';
    expect(render(template, { locale: 'nb', ...data })).toBe('28. februar 2026|28. februar 2026|28. februar 2026|1. mars 2026|snart');
    expect(render(template, { locale: 'en', ...data })).toBe('28 February 2026|28 February 2026|28 February 2026|1 March 2026|snart');
  });

  it('uri puts any text safely in a query', () => {
    expect(render('<a href="/login/sso?next={{uri next}}">', { next: '/cohorts/1?tab=x&y="z"' })).toBe('<a href="/login/sso?next=%2Fcohorts%2F1%3Ftab%3Dx%26y%3D%22z%22">');
    expect(render('{{uri missing}}', {})).toBe('');
  });

  it('eq compares', () => {
    expect(render('{{#if (eq a "x")}}yes{{else}}no{{/if}}', { a: 'x' })).toBe('yes');
  });
});

describe('small helpers', () => {
  it('concat joins values without the options argument', () => {
    expect(render('{{concat "error." code ".title"}}', { code: 404 })).toBe('error.404.title');
  });

  it('and is true only when every value is', () => {
    expect(render('{{#if (and a b)}}yes{{else}}no{{/if}}', { a: 1, b: 'x' })).toBe('yes');
    expect(render('{{#if (and a b)}}yes{{else}}no{{/if}}', { a: 1, b: '' })).toBe('no');
  });

  it('or is true when any value is', () => {
    expect(render('{{#if (or a b)}}yes{{else}}no{{/if}}', { a: '', b: 'x' })).toBe('yes');
    expect(render('{{#if (or a b)}}yes{{else}}no{{/if}}', { a: '', b: 0 })).toBe('no');
  });
});

describe('tError', () => {
  it('translates a key or a key with parameters', () => {
    expect(render('{{tError e}}', { locale: 'en', e: 'login.invalid' })).toContain('Wrong email address');
    expect(render('{{tError e}}', { locale: 'en', e: { key: 'login.throttled', params: { minutes: 4 } } })).toContain('in 4 minutes');
  });
});

describe('sum', () => {
  it('adds numbers, treating missing ones as zero', () => {
    expect(render('{{sum a b c}}', { a: 2, b: 3 })).toBe('5');
  });
});

describe('hours and datetime', () => {
  it('writes hours with the decimal mark of the language', () => {
    expect(render('{{hours h}}', { locale: 'nb', h: 2.5 })).toBe('2,5 t');
    expect(render('{{hours h}}', { locale: 'en', h: 2.25 })).toBe('2.25 h');
    // The same figure again, in the other language and as text, comes out the same way.
    expect(render('{{hours h}} {{hours s}}', { locale: 'nb', h: 2.25, s: '2.25' })).toBe('2,25 t 2,25 t');
    expect(render('{{hours h}}', { locale: 'en', h: 1234.5 })).toBe('1,234.5 h');
  });

  it('writes a moment in Norwegian time', () => {
    expect(render('{{datetime d}}', { locale: 'en', d: new Date('2026-07-01T12:05:00Z') })).toBe('1 Jul 2026, 14:05');
  });
});

describe('hasAny', () => {
  it('is false for an empty object, list or string, true when something is in it', () => {
    const r = (v: unknown) => render('{{#if (hasAny v)}}yes{{else}}no{{/if}}', { v });
    expect([r({}), r([]), r(''), r(undefined)]).toEqual(['no', 'no', 'no', 'no']);
    expect([r({ a: 'x' }), r(['x']), r('x')]).toEqual(['yes', 'yes', 'yes']);
  });
});
