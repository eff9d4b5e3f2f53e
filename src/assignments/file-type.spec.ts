import { docx, odt, pdf, png, windowsProgram, zip } from '../../test/support/documents';
import { checkFile, cleanFileName, detectKind, zipEntryNames } from './file-type';

describe('detectKind', () => {
  it('knows a PDF by its header', () => {
    expect(detectKind(pdf())).toBe('pdf');
  });

  it('knows a DOCX: a ZIP holding [Content_Types].xml and word/document.xml', () => {
    expect(detectKind(docx())).toBe('docx');
  });

  it('knows an ODT: a ZIP whose first entry is mimetype with the text document type', () => {
    expect(detectKind(odt())).toBe('odt');
  });

  it('reads the names from the central directory when sizes follow the data', () => {
    const archive = zip(
      [
        ['[Content_Types].xml', '<Types/>'],
        ['word/document.xml', '<w:document/>'],
      ],
      { descriptors: true },
    );
    expect(zipEntryNames(archive)).toEqual(['[Content_Types].xml', 'word/document.xml']);
    expect(detectKind(archive)).toBe('docx');
  });

  it.each([
    ['a Windows program', windowsProgram()],
    ['a PNG picture', png()],
    ['a plain ZIP', zip([['notes.txt', 'hei']])],
    ['a ZIP with only half of a DOCX', zip([['[Content_Types].xml', '<Types/>']])],
    ['a spreadsheet (ODS)', zip([['mimetype', 'application/vnd.oasis.opendocument.spreadsheet'], ['content.xml', '<x/>']])],
    ['an ODT template, whose type only starts like a text document', zip([['mimetype', 'application/vnd.oasis.opendocument.text-template']])],
    ['an ODT whose mimetype is not the first entry', zip([['content.xml', '<x/>'], ['mimetype', 'application/vnd.oasis.opendocument.text']])],
    ['text that mentions %PDF- later on', Buffer.from('hello %PDF-1.4')],
    ['a cut-off ZIP header', Buffer.from('PK\x03\x04\x14\x00', 'latin1')],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s', (_what, content) => {
    expect(detectKind(content)).toBeUndefined();
  });
});

describe('checkFile', () => {
  it('accepts a file whose ending matches its content, in any case', () => {
    expect(checkFile('proposal.pdf', pdf())).toEqual({ kind: 'pdf' });
    expect(checkFile('Utkast.DOCX', docx())).toEqual({ kind: 'docx' });
    expect(checkFile('oppgave.odt', odt())).toEqual({ kind: 'odt' });
  });

  it('refuses a program renamed to .pdf, and a picture', () => {
    expect(checkFile('proposal.pdf', windowsProgram())).toEqual({ problem: 'type' });
    expect(checkFile('photo.pdf', png())).toEqual({ problem: 'type' });
  });

  it('refuses a real document under the wrong ending', () => {
    expect(checkFile('proposal.pdf', docx())).toEqual({ problem: 'extension', detected: 'docx' });
    expect(checkFile('proposal.docx.exe', pdf())).toEqual({ problem: 'extension', detected: 'pdf' });
  });

  it('refuses an empty file', () => {
    expect(checkFile('empty.pdf', Buffer.alloc(0))).toEqual({ problem: 'empty' });
  });
});

describe('cleanFileName', () => {
  it('drops folders and control characters and keeps Norwegian letters', () => {
    expect(cleanFileName('C:\\Users\\sara\\Prosjektskisse æøå.pdf')).toBe('Prosjektskisse æøå.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\u0000b\nc".pdf')).toBe('a_b_c_.pdf');
  });

  it('shortens a very long name and keeps its ending', () => {
    const name = cleanFileName(`${'x'.repeat(300)}.docx`);
    expect(name).toHaveLength(200);
    expect(name.endsWith('.docx')).toBe(true);
  });
});
