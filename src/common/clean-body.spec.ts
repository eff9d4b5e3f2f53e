import { cleanText } from './clean-body';

describe('cleanText', () => {
  it('leaves well-formed text alone, pairs of surrogates (emoji) included', () => {
    const body = { name: 'Kari Nygård 😀', themes: ['hope', 'identity'], nested: { a: ['b'] }, n: 3 };
    expect(cleanText(structuredClone(body))).toEqual({ value: body, ok: true });
  });

  it('turns half a character pair into the replacement character, wherever it is', () => {
    expect(cleanText({ email: '\uD800@x.no', list: ['a\uDC00'], deep: { b: 'z\uD83D' } }).value).toEqual({ email: '\uFFFD@x.no', list: ['a\uFFFD'], deep: { b: 'z\uFFFD' } });
  });

  it('refuses a NUL character in a value or a name, and half a pair in a name', () => {
    expect(cleanText({ text: 'a\u0000b' }).ok).toBe(false);
    expect(cleanText({ list: ['ok', ['\u0000']] }).ok).toBe(false);
    expect(cleanText({ 'a\u0000': 'b' }).ok).toBe(false);
    expect(cleanText({ '\uD800': 'b' }).ok).toBe(false);
  });

  it('passes what is no text as it is', () => {
    for (const value of [undefined, null, 0, true, Buffer.from('x')]) expect(cleanText(value)).toEqual({ value, ok: true });
  });
});
