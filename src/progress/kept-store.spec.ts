import { BoundedStore } from './kept-store';
import { KEPT_LIMITS } from './kept-content.module';

const byLength = (value: string) => value.length;

describe('BoundedStore', () => {
  it('gives back what was kept under the same key, and nothing under another', () => {
    const store = new BoundedStore({ maxEntries: 10, maxWeight: 100 }, byLength);
    store.set('a', '<p>A</p>');
    expect(store.get('a')).toBe('<p>A</p>');
    expect(store.get('b')).toBeUndefined();
  });

  it('replaces a value kept again under the same key, and counts its weight once', () => {
    const store = new BoundedStore({ maxEntries: 10, maxWeight: 10 }, byLength);
    store.set('a', '12345');
    store.set('a', '67890');
    store.set('b', 'abcde');
    expect([store.get('a'), store.get('b'), store.weight]).toEqual(['67890', 'abcde', 10]);
  });

  it('lets the least recently used go once the weight is over the bound', () => {
    const store = new BoundedStore({ maxEntries: 10, maxWeight: 10 }, byLength);
    store.set('a', 'aaaa');
    store.set('b', 'bbbb');
    expect(store.get('a')).toBe('aaaa'); // a is now the most recently used
    store.set('c', 'cccc');
    expect([store.get('a'), store.get('b'), store.get('c'), store.size]).toEqual(['aaaa', undefined, 'cccc', 2]);
  });

  it('lets the least recently used go once the number of entries is over the bound', () => {
    const store = new BoundedStore({ maxEntries: 2, maxWeight: 100 }, byLength);
    store.set('a', 'a');
    store.set('b', 'b');
    store.set('c', 'c');
    expect([store.has('a'), store.has('b'), store.has('c')]).toEqual([false, true, true]);
  });

  it('keeps nothing heavier than the bound, and forgets on delete and clear', () => {
    const store = new BoundedStore({ maxEntries: 10, maxWeight: 4 }, byLength);
    expect(store.set('big', '12345')).toBe(false);
    expect(store.size).toBe(0);
    store.set('a', 'aa');
    expect(store.delete('a')).toBe(true);
    expect(store.delete('a')).toBe(false);
    store.set('b', 'bb');
    store.clear();
    expect([store.size, store.weight]).toEqual([0, 0]);
  });

  it('holds the tables of 500 cohorts in two languages within the bound the application sets', () => {
    const store = new BoundedStore(KEPT_LIMITS, byLength);
    const table = 'x'.repeat(35_000);
    for (let cohort = 1; cohort <= 500; cohort += 1) for (const locale of ['nb', 'en']) store.set(`${cohort}:${locale}`, table);
    expect(store.weight).toBeLessThanOrEqual(KEPT_LIMITS.maxWeight);
    // The most recent ones are those kept.
    expect(store.has('500:en')).toBe(true);
    expect(store.has('1:nb')).toBe(false);
  });
});
