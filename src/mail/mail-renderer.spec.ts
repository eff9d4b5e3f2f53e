import * as fs from 'fs';
import * as path from 'path';
import { hasMessage, LOCALES } from '../i18n/i18n';
import { MailRenderer } from './mail-renderer';

const mailDir = path.resolve(__dirname, '..', '..', 'views', 'mail');

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/**
 * What is wrong with an HTML document's structure: a doctype, <html lang> holding <head> (with charset and
 * title) and <body>, and every element closed in the order it was opened. Empty when it is well formed.
 */
function structureProblems(html: string): string[] {
  const problems: string[] = [];
  if (!/^<!doctype html>\s*<html lang="(nb|en)">/i.test(html)) problems.push('does not start with <!doctype html><html lang>');
  if (!/<head>[\s\S]*<meta charset="utf-8">[\s\S]*<title>[^<]+<\/title>[\s\S]*<\/head>\s*<body[\s>]/.test(html)) problems.push('has no <head> with charset and title before <body>');
  const open: string[] = [];
  for (const [, closing, name] of html.replace(/<!--[\s\S]*?-->/g, '').replace(/^<!doctype html>/i, '').matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g)) {
    const tag = name.toLowerCase();
    if (!closing) {
      if (!VOID.has(tag)) open.push(tag);
    } else if (open.pop() !== tag) {
      return [...problems, `</${tag}> closes something else`];
    }
  }
  if (open.length > 0) problems.push(`never closed: ${open.join(', ')}`);
  if (!/<\/html>\s*$/.test(html)) problems.push('does not end with </html>');
  return problems;
}

/** Text as HTML escaping wrote it, read back. */
function decode(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot);/gi, (_, entity: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };
    if (entity.toLowerCase() in named) return named[entity.toLowerCase()];
    return String.fromCodePoint(entity[1] === 'x' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
  });
}

describe('MailRenderer', () => {
  const renderer = new MailRenderer(mailDir, 'https://brobygger.example.no');

  it('renders subject, HTML and plain text in the language asked for', () => {
    const nb = renderer.render('test', 'nb', {});
    const en = renderer.render('test', 'en', {});
    expect(nb.subject).toBe('Testmelding fra Brobygger');
    expect(en.subject).toBe('Test message from Brobygger');
    expect(nb.html).toContain('<html lang="nb">');
    expect(en.text).toContain('If it arrives, e-mail for https://brobygger.example.no is set up correctly.');
    expect(en.text).not.toContain('<');
  });

  it('escapes what it is given in HTML and leaves the plain text as typed', () => {
    const fake = new MailRenderer(mailDir, 'https://a.example/?x=1&y=<2>');
    expect(fake.render('test', 'en', {}).html).toContain('&amp;y&#x3D;&lt;2&gt;');
    expect(fake.render('test', 'en', {}).text).toContain('https://a.example/?x=1&y=<2>');
  });

  it('renders a notification with the shared partials, its button and the footer’s links to the choices', () => {
    const rows = [{ enrolmentId: 3, count: 1, link: '/practice/1', entries: [{ entryId: 1, date: '2026-03-02', hours: 2.5, category: { nb: 'Samtale & gruppe', en: 'Talk & group' }, comment: 'Skriv <mer>' }] }];
    const notice = { settingsPath: '/notifications/settings', unsubscribePath: '/unsubscribe/7.entries_returned.mac' };
    const mail = renderer.render('entries-returned', 'en', { name: 'Sara', rows, count: 1, action: '/practice/1', notice });
    expect(mail.text).toContain('- 2 March 2026, 2.5 h, Talk & group');
    expect(mail.text).toContain("Your supervisor's comment: Skriv <mer>");
    expect(mail.text).toContain('See the entries:\nhttps://brobygger.example.no/practice/1');
    expect(mail.text).toContain('Choose which notifications you get: https://brobygger.example.no/notifications/settings');
    expect(mail.text).toContain('Stop getting e-mail about this: https://brobygger.example.no/unsubscribe/7.entries_returned.mac');
    expect(mail.html).toContain('Talk &amp; group<br>Your supervisor&#x27;s comment: Skriv &lt;mer&gt;');
    expect(mail.html).toContain('href="https://brobygger.example.no/notifications/settings"');
    expect(structureProblems(mail.html)).toEqual([]);
    // Account mail has no such footer: it cannot be turned off.
    expect(renderer.render('test', 'en', {}).text).not.toContain('Stop getting e-mail');
  });

  it('knows which templates exist', () => {
    expect(renderer.has('test')).toBe(true);
    expect(renderer.has('no-such-message')).toBe(false);
  });

  it('tells a well-formed document from a broken one', () => {
    expect(structureProblems(renderer.render('test', 'nb', {}).html)).toEqual([]);
    expect(structureProblems('<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>x</title></head><body><p><b>x</p></b></body></html>')).toEqual(['</p> closes something else']);
    expect(structureProblems('<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>x</title></head><body><div>x</body></html>')).toEqual(['</body> closes something else']);
    expect(structureProblems('<p>x</p>')).toEqual(expect.arrayContaining(['does not start with <!doctype html><html lang>']));
  });

  // Every message under views/mail/, both languages: a clear subject, an HTML part that is a whole document,
  // and a plain-text part without markup or escaped characters.
  const templates = fs
    .readdirSync(mailDir)
    .map((file) => /^(.+)\.html\.hbs$/.exec(file)?.[1])
    .filter((name): name is string => name !== undefined && name !== 'layout');

  it('finds the messages it checks', () => {
    expect(templates).toContain('test');
  });

  describe.each(templates)('the message "%s"', (template) => {
    it.each(LOCALES)('has both parts and a subject of its own in %s', (locale) => {
      expect(renderer.has(template)).toBe(true);
      expect(hasMessage(`mail.${template}.subject`, locale)).toBe(true);
      const mail = renderer.render(template, locale, {});
      expect(mail.subject.trim().length).toBeGreaterThan(5);
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(structureProblems(mail.html)).toEqual([]);
      expect(mail.html).toContain(`<html lang="${locale}">`);
      expect(decode(/<title>([^<]*)<\/title>/.exec(mail.html)?.[1] ?? '')).toBe(mail.subject);
      expect(mail.text).not.toMatch(/<\/?(p|a|div|span|br|strong|em|b|i|ul|ol|li|h[1-6]|table|tr|td|html|body)\b[^>]*>/i);
      expect(mail.text).not.toMatch(/&(amp|lt|gt|quot|#x?[0-9a-f]+);/i);
      expect(mail.text).toMatch(/\S/);
    });
  });
});
