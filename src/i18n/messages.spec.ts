import * as fs from 'fs';
import * as path from 'path';
import { hasMessage } from './i18n';

function templates(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? templates(full) : entry.name.endsWith('.hbs') ? [full] : [];
  });
}

describe('messages used by the templates', () => {
  const root = path.resolve(__dirname, '..', '..');
  const used = new Map<string, string>();
  for (const file of templates(path.join(root, 'views'))) {
    for (const match of fs.readFileSync(file, 'utf8').matchAll(/\bt\s+"([^"]+)"/g)) used.set(match[1], path.relative(root, file));
  }
  const fromCode = new Set<string>();
  for (const match of fs.readFileSync(path.join(root, 'src', 'common', 'page-context.ts'), 'utf8').matchAll(/key: '([^']+)'/g)) fromCode.add(match[1]);

  it('finds the keys it checks', () => {
    expect(used.size).toBeGreaterThan(50);
  });

  it.each(['nb', 'en'] as const)('are all written in %s', (locale) => {
    const missing = [...used.entries(), ...[...fromCode].map((k) => [k, 'page-context.ts'] as const)]
      .filter(([key]) => !hasMessage(key, locale))
      .map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });
});
