/**
 * When notifications are mailed "at once", they are not mailed the moment they happen: a supervisor who
 * works through a student's entries returns or approves them one after another, and the student should get
 * one message about all of them. So a person's pending notifications of one kind wait until nothing new has
 * come for a quiet while, and then go out together; a steady stream still goes out after the longest wait.
 */

/** How long after the last event a batch waits for more. */
export const QUIET_MS = 5 * 60_000;

/** However busy the stream, nothing waits longer than this after its first event. */
export const LONGEST_WAIT_MS = 30 * 60_000;

/** Within this time of the last one, an event about the same thing joins its row in the list instead of adding one. */
export const GATHER_MS = 10 * 60_000;

/** A person's pending notifications of one kind. */
export interface PendingBatch {
  /** When the first of them happened (epoch ms). */
  firstAt: number;
  /** When the last of them happened. */
  lastAt: number;
}

/** Whether a batch is ready to be mailed at `now`. */
export function batchDue(batch: PendingBatch, now: number): boolean {
  return now - batch.lastAt >= QUIET_MS || now - batch.firstAt >= LONGEST_WAIT_MS;
}

/** A row of the list that a new event about the same thing may join. */
export interface GatheringRow {
  lastEventAt: number;
  readAt: number | null;
  /** Whether its mail (or digest) has gone out already. */
  mailed: boolean;
}

/**
 * Whether a new event joins the row: only while the person has not read it, its mail has not gone, and the
 * last event came within the gathering time. Otherwise the person would miss what was added to a row they
 * had already seen.
 */
export function joins(row: GatheringRow, now: number): boolean {
  return row.readAt === null && !row.mailed && now - row.lastEventAt < GATHER_MS;
}
