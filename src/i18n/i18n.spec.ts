import { chooseLocale, fromAcceptLanguage, localise, messageKeys, translate } from './i18n';

describe('chooseLocale', () => {
  it('uses bokmål when nothing is known', () => {
    expect(chooseLocale({})).toBe('nb');
  });

  it("follows the browser's Accept-Language when the person has no setting", () => {
    expect(chooseLocale({ acceptLanguage: 'en-GB,en;q=0.9' })).toBe('en');
    expect(chooseLocale({ acceptLanguage: 'nn-NO,en;q=0.5' })).toBe('nb');
    expect(chooseLocale({ acceptLanguage: 'de-DE,fr;q=0.8' })).toBe('nb');
  });

  it("lets the session's choice win over the browser", () => {
    expect(chooseLocale({ sessionLocale: 'en', acceptLanguage: 'nb' })).toBe('en');
  });

  it("lets the person's own setting win over everything", () => {
    expect(chooseLocale({ userLocale: 'nb', sessionLocale: 'en', acceptLanguage: 'en' })).toBe('nb');
  });

  it('ignores unsupported stored values', () => {
    expect(chooseLocale({ userLocale: 'sv', sessionLocale: 'xx', acceptLanguage: 'en' })).toBe('en');
  });
});

describe('fromAcceptLanguage', () => {
  it('honours q-values over order', () => {
    expect(fromAcceptLanguage('en;q=0.4, nb;q=0.9')).toBe('nb');
    expect(fromAcceptLanguage('nb;q=0.1, en')).toBe('en');
  });

  it('skips refused languages and garbage', () => {
    expect(fromAcceptLanguage('en;q=0, nb;q=0.2')).toBe('nb');
    expect(fromAcceptLanguage(';;;,')).toBeUndefined();
    expect(fromAcceptLanguage('*')).toBeUndefined();
  });
});

describe('translate', () => {
  it('fills placeholders and falls back to the key for an unknown message', () => {
    expect(translate('en', 'login.throttled', { minutes: 5 })).toContain('5');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
  });

  it('has the same messages in bokmål and English', () => {
    expect(messageKeys('en').sort()).toEqual(messageKeys('nb').sort());
  });
});

describe('localise', () => {
  it('shows English when written, and says when it falls back to bokmål', () => {
    expect(localise({ nb: 'Hei', en: 'Hello' }, 'en')).toEqual({ text: 'Hello', lang: 'en' });
    expect(localise({ nb: 'Hei' }, 'en')).toEqual({ text: 'Hei', lang: 'nb' });
    expect(localise({ nb: 'Hei', en: 'Hello' }, 'nb')).toEqual({ text: 'Hei', lang: 'nb' });
  });
});
