import * as path from 'path';
import { MailRenderer } from './mail-renderer';

describe('MailRenderer', () => {
  const renderer = new MailRenderer(path.resolve(__dirname, '..', '..', 'views', 'mail'), 'https://brobygger.example.no');

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
    const fake = new MailRenderer(path.resolve(__dirname, '..', '..', 'views', 'mail'), 'https://a.example/?x=1&y=<2>');
    expect(fake.render('test', 'en', {}).html).toContain('&amp;y&#x3D;&lt;2&gt;');
    expect(fake.render('test', 'en', {}).text).toContain('https://a.example/?x=1&y=<2>');
  });

  it('knows which templates exist', () => {
    expect(renderer.has('test')).toBe(true);
    expect(renderer.has('no-such-message')).toBe(false);
  });
});
