import fc from 'fast-check';
import { stableStringify } from './stable-stringify';

/** The same object with its keys written in the reverse order, at every level. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)]));
  }
  return value;
}

describe('stableStringify', () => {
  it('sorts keys at every level and keeps the order of arrays', () => {
    expect(stableStringify({ b: 1, a: { d: [3, 1], c: null } })).toBe('{"a":{"c":null,"d":[3,1]},"b":1}');
  });

  it('leaves out undefined fields, as a JSON round trip through the database does', () => {
    expect(stableStringify({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
  });

  it('writes plain values as JSON does', () => {
    expect([stableStringify('å "q"'), stableStringify(1.5), stableStringify(true), stableStringify(null)]).toEqual([
      JSON.stringify('å "q"'),
      '1.5',
      'true',
      'null',
    ]);
  });

  it('gives the same text whatever order the keys were written in, and that text reads back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = stableStringify(value);
        expect(stableStringify(reversedKeys(value))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});
