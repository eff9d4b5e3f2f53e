import { simplePdf } from './pdf';

describe('simplePdf', () => {
  const pdf = simplePdf([{ text: 'Kursbevis for Åse Ærlig Øye (test) \\ ok', y: 700, size: 20, bold: true }, { text: 'Linje – to', y: 650 }], 'Kursbevis');
  const text = pdf.toString('latin1');

  it('is a PDF with the text in WinAnsi, brackets and backslashes escaped', () => {
    expect(text.startsWith('%PDF-1.4')).toBe(true);
    expect(text).toContain('(Kursbevis for \xc5se \xc6rlig \xd8ye \\(test\\) \\\\ ok) Tj');
    expect(text).toContain('(Linje - to) Tj');
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
  });

  it('points its cross-reference table at each object', () => {
    const start = Number(/startxref\n(\d+)/.exec(text)![1]);
    expect(text.slice(start, start + 4)).toBe('xref');
    const offsets = [...text.slice(start).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(7);
    offsets.forEach((offset, i) => expect(text.slice(offset, offset + 8)).toBe(`${i + 1} 0 obj\n`.slice(0, 8)));
  });
});
