import { Keyv } from 'keyv';
import { KEPT_LIMITS, keptStore } from './kept-content.module';

const kept = (html: string) => ({ value: { html, about: {} } });

describe('the store of kept contents', () => {
  it('lets the least recently used go once their characters are over the bound', () => {
    const store = keptStore({ maxEntries: 10, maxWeight: 10 });
    store.set('a', kept('aaaa'));
    store.set('b', kept('bbbb'));
    store.get('a'); // a is now the most recently used
    store.set('c', kept('cccc'));
    expect([store.has('a'), store.has('b'), store.has('c')]).toEqual([true, false, true]);
  });

  it('lets the least recently used go once there are more entries than the bound, and keeps nothing heavier than it', () => {
    const store = keptStore({ maxEntries: 2, maxWeight: 10 });
    for (const key of ['a', 'b', 'c']) store.set(key, kept(key));
    expect([store.has('a'), store.has('b'), store.has('c')]).toEqual([false, true, true]);
    store.set('big', kept('x'.repeat(11)));
    expect(store.has('big')).toBe(false);
  });

  it('holds the tables of 500 cohorts in two languages within the bound the application sets', () => {
    const store = keptStore();
    const table = 'x'.repeat(35_000);
    for (let cohort = 1; cohort <= 500; cohort += 1) for (const locale of ['nb', 'en']) store.set(`${cohort}:${locale}`, kept(table));
    expect(store.calculatedSize).toBeLessThanOrEqual(KEPT_LIMITS.maxWeight);
    expect(store.has('500:en')).toBe(true);
    expect(store.has('1:nb')).toBe(false);
  });

  it('serves Keyv, which cache-manager uses, with the contents as they were given', async () => {
    const content = { html: '<table></table>', about: { count: 3 } };
    const keyv = new Keyv({ store: keptStore(), namespace: 'kept', serialize: undefined, deserialize: undefined });
    await keyv.set('k', content);
    expect(await keyv.get('k')).toBe(content);
    await keyv.delete('k');
    expect(await keyv.get('k')).toBeUndefined();
  });
});
