/**
 * What an uploaded file really is, judged by its content: the name and the browser's media type
 * are the sender's claims and prove nothing. Only PDF, DOCX and ODT are accepted.
 */

export type FileKind = 'pdf' | 'docx' | 'odt';

export const FILE_KINDS: Record<FileKind, { extension: string; mediaType: string; label: string }> = {
  pdf: { extension: '.pdf', mediaType: 'application/pdf', label: 'PDF' },
  docx: { extension: '.docx', mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'DOCX' },
  odt: { extension: '.odt', mediaType: 'application/vnd.oasis.opendocument.text', label: 'ODT' },
};

/** For the file input's accept attribute: what the picker offers (the server still checks the content). */
export const ACCEPT = Object.values(FILE_KINDS)
  .map((k) => k.extension)
  .join(',');

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;
const ODT_MIMETYPE = Buffer.from(FILE_KINDS.odt.mediaType, 'latin1');

export function detectKind(content: Buffer): FileKind | undefined {
  if (content.length >= PDF_MAGIC.length && content.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) return 'pdf';
  if (content.length < 30 || content.readUInt32LE(0) !== ZIP_LOCAL) return undefined;
  // ODF: the first entry is "mimetype", stored uncompressed, holding the document's media type.
  const first = localHeader(content, 0);
  if (first && first.name === 'mimetype' && first.method === 0) {
    const data = content.subarray(first.dataStart, first.dataStart + ODT_MIMETYPE.length);
    return first.size === ODT_MIMETYPE.length && data.equals(ODT_MIMETYPE) ? 'odt' : undefined;
  }
  const names = new Set(zipEntryNames(content));
  return names.has('[Content_Types].xml') && names.has('word/document.xml') ? 'docx' : undefined;
}

/** The file's kind when its content is PDF, DOCX or ODT and its name ends the way that kind does. */
export function checkFile(name: string, content: Buffer): { kind: FileKind } | { problem: 'empty' | 'type' | 'extension'; detected?: FileKind } {
  if (content.length === 0) return { problem: 'empty' };
  const kind = detectKind(content);
  if (!kind) return { problem: 'type' };
  if (!name.toLowerCase().endsWith(FILE_KINDS[kind].extension)) return { problem: 'extension', detected: kind };
  return { kind };
}

/**
 * A name fit to show and to offer as a download name: no folders, no control characters,
 * at most 200 characters with the ending kept.
 */
export function cleanFileName(original: string): string {
  const base = original.normalize('NFC').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '_').trim();
  if (clean.length <= 200) return clean;
  const dot = clean.lastIndexOf('.');
  const ending = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
  return clean.slice(0, 200 - ending.length) + ending;
}

interface LocalHeader {
  name: string;
  method: number;
  flags: number;
  /** Compressed size; 0 when the entry is followed by a data descriptor (flag bit 3). */
  size: number;
  dataStart: number;
}

function localHeader(content: Buffer, offset: number): LocalHeader | undefined {
  if (offset + 30 > content.length || content.readUInt32LE(offset) !== ZIP_LOCAL) return undefined;
  const flags = content.readUInt16LE(offset + 6);
  const method = content.readUInt16LE(offset + 8);
  const size = content.readUInt32LE(offset + 18);
  const nameLength = content.readUInt16LE(offset + 26);
  const extraLength = content.readUInt16LE(offset + 28);
  const nameStart = offset + 30;
  if (nameStart + nameLength > content.length) return undefined;
  return { name: content.toString('utf8', nameStart, nameStart + nameLength), method, flags, size, dataStart: nameStart + nameLength + extraLength };
}

/**
 * The entry names of a ZIP archive, read from the local file headers one after the other.
 * An entry whose size only follows its data (a data descriptor) stops that walk; the names then
 * come from the central directory at the end of the archive.
 */
export function zipEntryNames(content: Buffer, limit = 10_000): string[] {
  const names: string[] = [];
  let offset = 0;
  while (names.length < limit) {
    const header = localHeader(content, offset);
    if (!header) return names;
    names.push(header.name);
    if (header.flags & 0x08 && header.size === 0) return centralDirectoryNames(content, limit) ?? names;
    offset = header.dataStart + header.size;
  }
  return names;
}

function centralDirectoryNames(content: Buffer, limit: number): string[] | undefined {
  // The end record is 22 bytes plus a comment of at most 65,535 bytes.
  const earliest = Math.max(0, content.length - 22 - 0xffff);
  let end = -1;
  for (let i = content.length - 22; i >= earliest; i--) {
    if (content.readUInt32LE(i) === ZIP_END) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const count = content.readUInt16LE(end + 10);
  let offset = content.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < Math.min(count, limit); i++) {
    if (offset + 46 > content.length || content.readUInt32LE(offset) !== ZIP_CENTRAL) return names;
    const nameLength = content.readUInt16LE(offset + 28);
    const extraLength = content.readUInt16LE(offset + 30);
    const commentLength = content.readUInt16LE(offset + 32);
    names.push(content.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
