import { Readable } from 'stream';

/** One JSON file of the archive: its name, and its records, read only when the archive reaches the file. */
export interface ArchiveFile {
  name: string;
  records: () => AsyncIterable<unknown> | Iterable<unknown> | Promise<Iterable<unknown>>;
}

/** A moment kept as milliseconds since the epoch, as an ISO string; null stays null. */
export function isoMillis(value: number | null | undefined): string | null {
  return value === null || value === undefined ? null : new Date(value).toISOString();
}

/**
 * A JSON array written record by record, so that a long list (notifications, sign-in history) is never held
 * as one string; `counted` learns how many records went out, for the summary written after.
 */
export function jsonArray(file: ArchiveFile, counted: (count: number) => void): Readable {
  return Readable.from(
    (async function* () {
      let count = 0;
      yield '[';
      for await (const record of await file.records()) {
        yield `${count ? ',' : ''}\n  ${JSON.stringify(record)}`;
        count += 1;
      }
      yield count ? '\n]\n' : ']\n';
      counted(count);
    })(),
    { objectMode: false },
  );
}

/** Records read a page at a time by ascending id, so memory stays flat however many there are. */
export async function* paged<T extends { id: number }>(page: (afterId: number, limit: number) => Promise<T[]>, limit = 500): AsyncGenerator<T> {
  let after = 0;
  for (;;) {
    const rows = await page(after, limit);
    yield* rows;
    if (rows.length < limit) return;
    after = rows[rows.length - 1].id;
  }
}

/** The archive's file name for a day: `brobygger-mine-data-2026-12-03.zip`. */
export function archiveName(day: string): string {
  return `brobygger-mine-data-${day}.zip`;
}

/**
 * Where an attachment goes in the archive: under attachments/, prefixed by the hand-in and file ids so two
 * files of one name cannot collide, with the student's own name made safe for any unzip program.
 */
export function attachmentPath(submissionId: number, fileId: number, originalName: string): string {
  const safe = [...originalName.normalize('NFC')]
    .map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f || '\\/:*?"<>|'.includes(c) ? '_' : c))
    .join('')
    .replace(/^\.+/, '_')
    .slice(0, 120);
  return `attachments/${submissionId}-${fileId}-${safe || 'file'}`;
}
