import { findIdentifyingDetail, isNationalIdentityNumber } from './identifying-details';

// Synthetic numbers that pass the checksum (made for testing, not real people).
const VALID_IDS = ['01010112377', '15076500565', '41010112360'];

describe('isNationalIdentityNumber', () => {
  it.each(VALID_IDS)('accepts %s, whose control digits check out', (id) => {
    expect(isNationalIdentityNumber(id)).toBe(true);
  });

  it('refuses 11 digits with a wrong control digit', () => {
    expect(isNationalIdentityNumber('01010112378')).toBe(false);
    expect(isNationalIdentityNumber('12345678901')).toBe(false);
  });
});

describe('findIdentifyingDetail', () => {
  it('finds an identity number in running text, with or without a space after the birth date', () => {
    expect(findIdentifyingDetail('Møtte bruker 01010112377 på kafeen')).toBe('nationalId');
    expect(findIdentifyingDetail('nr. 010101 12377')).toBe('nationalId');
  });

  it('leaves 11 digits alone when they fail the checksum', () => {
    expect(findIdentifyingDetail('Saksnummer 12345678901')).toBeUndefined();
  });

  it.each(['ring 98765432', 'tlf 987 65 432', 'på 22 33 44 55', '+47 98765432', '004798765432', '+4798765432'])('finds the phone number in "%s"', (text) => {
    expect(findIdentifyingDetail(text)).toBe('phone');
  });

  it.each(['sendte referat til ola.nordmann@example.no', 'kontakt: kari_h+nav@bergen.kommune.no.', 'E-post Åse@fjordvik.no'])('finds the e-mail address in "%s"', (text) => {
    expect(findIdentifyingDetail(text)).toBe('email');
  });

  it.each([
    'Vi gikk tur i 2 timer og snakket om håp',
    'Møte @ kontoret kl. 10',
    'Fulgte opp på @brobygger',
    'Gruppemøte 24.12.2025 kl. 10.00',
    'Fra 2024 til 2025',
    'Postnummer 5003 Bergen',
    '12345678', // starts with 1: not a Norwegian phone number
    'Rom 123456789',
  ])('does not flag "%s"', (text) => {
    expect(findIdentifyingDetail(text)).toBeUndefined();
  });
});
