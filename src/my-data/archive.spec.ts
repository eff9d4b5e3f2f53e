import { Readable } from 'stream';
import { archiveName, attachmentPath, isoMillis, jsonArray, paged } from './archive';

async function text(stream: Readable): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += String(chunk);
  return out;
}

describe('jsonArray', () => {
  it('writes the records as one JSON array and says how many went out', async () => {
    let count = -1;
    const out = await text(jsonArray({ name: 'x.json', records: async () => [{ a: 1 }, { b: 'æ' }] }, (n) => (count = n)));
    expect(JSON.parse(out)).toEqual([{ a: 1 }, { b: 'æ' }]);
    expect(count).toBe(2);
  });

  it('reads its records only when the archive reaches the file', async () => {
    const records = jest.fn(() => [{ a: 1 }]);
    const stream = jsonArray({ name: 'x.json', records }, () => undefined);
    expect(records).not.toHaveBeenCalled();
    await text(stream);
    expect(records).toHaveBeenCalledTimes(1);
  });

  it('writes an empty list as []', async () => {
    expect(JSON.parse(await text(jsonArray({ name: 'x.json', records: () => [] }, () => undefined)))).toEqual([]);
  });
});

describe('paged', () => {
  it('reads page after page from the last id until a short page', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ id: i + 1 }));
    const asked: number[] = [];
    const seen: number[] = [];
    for await (const row of paged(async (after, limit) => (asked.push(after), rows.filter((r) => r.id > after).slice(0, limit)), 2)) seen.push(row.id);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(asked).toEqual([0, 2, 4]);
  });
});

describe('names in the archive', () => {
  it('names the archive by the day', () => {
    expect(archiveName('2026-12-03')).toBe('brobygger-mine-data-2026-12-03.zip');
  });

  it('keeps an attachment’s own name, made safe for any unzip program, under attachments/', () => {
    expect(attachmentPath(3, 7, 'Skisse æøå.pdf')).toBe('attachments/3-7-Skisse æøå.pdf');
    expect(attachmentPath(3, 7, '../../etc/passwd')).toBe('attachments/3-7-__.._etc_passwd');
    expect(attachmentPath(3, 7, 'a:b*c?.docx')).toBe('attachments/3-7-a_b_c_.docx');
  });

  it('writes moments kept as milliseconds as ISO strings', () => {
    expect(isoMillis(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(isoMillis(null)).toBeNull();
  });
});
