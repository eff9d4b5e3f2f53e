import { safeNext } from './safe-next';

describe('safeNext', () => {
  it('keeps a path on this site, with its query', () => {
    expect(safeNext('/programmes/mb-bergen?x=1')).toBe('/programmes/mb-bergen?x=1');
  });

  it.each(['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '', '/a\nb', undefined, 42])(
    'refuses %p and goes home instead',
    (value) => {
      expect(safeNext(value)).toBe('/');
    },
  );
});
