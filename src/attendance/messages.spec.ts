import * as fs from 'fs';
import * as path from 'path';
import { hasMessage } from '../i18n/i18n';

/** The message keys the attendance services hand to the views (the template check only sees `t "…"` in the views). */
describe('messages used by the attendance code', () => {
  const keys = new Set<string>();
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))) {
    for (const match of fs.readFileSync(path.join(__dirname, file), 'utf8').matchAll(/'(attendance\.[\w.]+)'/g)) keys.add(match[1]);
  }

  it('finds the keys it checks', () => {
    expect(keys.size).toBeGreaterThan(30);
  });

  it.each(['nb', 'en'] as const)('are all written in %s', (locale) => {
    expect([...keys].filter((key) => !hasMessage(key, locale))).toEqual([]);
  });
});
