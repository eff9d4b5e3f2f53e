import { PageBodies } from './page-bodies';

describe('PageBodies', () => {
  it('gives back what was kept under the same key, and nothing under another', () => {
    const bodies = new PageBodies();
    bodies.keeper('a')('<p>A</p>');
    expect(bodies.get('a')).toBe('<p>A</p>');
    expect(bodies.get('b')).toBeUndefined();
  });

  it('replaces a content kept again under the same key', () => {
    const bodies = new PageBodies(10);
    bodies.keeper('a')('12345');
    bodies.keeper('a')('67890');
    bodies.keeper('b')('abcde');
    expect(bodies.get('a')).toBe('67890');
    expect(bodies.get('b')).toBe('abcde');
  });

  it('lets the least recently used contents go once the kept ones exceed the bound', () => {
    const bodies = new PageBodies(10);
    bodies.keeper('a')('aaaa');
    bodies.keeper('b')('bbbb');
    expect(bodies.get('a')).toBe('aaaa'); // a is now the most recently used
    bodies.keeper('c')('cccc');
    expect(bodies.get('b')).toBeUndefined();
    expect(bodies.get('a')).toBe('aaaa');
    expect(bodies.get('c')).toBe('cccc');
    expect(bodies.size).toBe(2);
  });

  it('does not keep a content larger than the bound', () => {
    const bodies = new PageBodies(4);
    bodies.keeper('big')('12345');
    expect(bodies.get('big')).toBeUndefined();
    expect(bodies.size).toBe(0);
  });
});
