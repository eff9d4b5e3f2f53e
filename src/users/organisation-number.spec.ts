import { isOrganisationNumber, normaliseOrganisationNumber } from './organisation-number';

describe('Norwegian organisation numbers', () => {
  it('accepts numbers whose ninth digit is the modulus-11 check digit', () => {
    // Brønnøysundregistrene (weighted sum 173, remainder 8, check digit 3) and Oslo kommune (remainder 0, check digit 0).
    expect(isOrganisationNumber('974760673')).toBe(true);
    expect(isOrganisationNumber('958935420')).toBe(true);
    expect(isOrganisationNumber('100000040')).toBe(true);
  });

  it('refuses a wrong check digit, one changed digit and two swapped digits', () => {
    expect(isOrganisationNumber('974760674')).toBe(false);
    expect(isOrganisationNumber('974760683')).toBe(false);
    expect(isOrganisationNumber('947760673')).toBe(false);
  });

  it('refuses every number whose first eight digits would need the check digit 10', () => {
    // 1·3 + 1·3 + 3·2 = 12, remainder 1: 11 − 1 = 10 is no digit, so no such number is ever issued.
    for (let last = 0; last <= 9; last += 1) expect(isOrganisationNumber(`10000013${last}`)).toBe(false);
  });

  it('wants exactly nine digits', () => {
    for (const text of ['', '97476067', '9747606730', '97476067a', '974 760 673', '-74760673', '９７４７６０６７３']) expect(isOrganisationNumber(text)).toBe(false);
  });

  it('drops the spaces people type between the groups', () => {
    expect(normaliseOrganisationNumber(' 974 760 673 ')).toBe('974760673');
    expect(isOrganisationNumber(normaliseOrganisationNumber('974 760 673'))).toBe(true);
  });
});
