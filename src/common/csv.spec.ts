import { csvValue, toCsv } from './csv';

describe('csvValue', () => {
  it('leaves plain values alone, Norwegian letters included', () => {
    expect(csvValue('Åse Ødegård Læring')).toBe('Åse Ødegård Læring');
    expect(csvValue(12.5)).toBe('12.5');
    expect(csvValue(null)).toBe('');
  });

  it('quotes values holding the separator, quotes or line breaks, doubling the quotes', () => {
    expect(csvValue('a;b')).toBe('"a;b"');
    expect(csvValue('Kari "Kika" Nordmann')).toBe('"Kari ""Kika"" Nordmann"');
    expect(csvValue('one\ntwo')).toBe('"one\ntwo"');
  });

  it.each(['=SUM(A1:A9)', '+47 22 00 00 00', '-1', '@cmd', '\tTAB'])('stops %p from being read as a formula', (value) => {
    expect(csvValue(value).replace(/^"/, '').startsWith("'")).toBe(true);
  });

  it('quotes a formula-looking value that also holds a quote', () => {
    expect(csvValue('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
  });
});

describe('toCsv', () => {
  it('writes a byte order mark, semicolons and CRLF line ends', () => {
    const bytes = toCsv(['Navn', 'Timer'], [['Ærlig Øyvind', '12,5']]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('Navn;Timer\r\nÆrlig Øyvind;12,5\r\n');
  });
});
