/**
 * Writes that arrive together are written together, and each caller still waits for its own rows.
 *
 * Rows added during one turn of the event loop are handed to `write` as one batch on the next turn;
 * every `add` resolves once that batch is stored, and rejects with its error if it could not be. So a
 * caller that waits for `add` before answering never answers for rows that were not kept, yet a busy
 * server pays for one statement, and one commit, per batch rather than per caller. That matters where
 * each caller's rows land on many pages of an index (a look at 40 trainees touches 40 of them): the
 * pages a batch shares are written once.
 */
export class GroupedWrites<Row> {
  private pending: { rows: Row[]; settle: (error?: unknown) => void }[] = [];

  constructor(private readonly write: (rows: Row[]) => Promise<void>) {}

  add(rows: Row[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => void this.flush());
      this.pending.push({ rows, settle: (error) => (error === undefined ? resolve() : reject(error)) });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    let failure: unknown;
    try {
      await this.write(batch.flatMap((entry) => entry.rows));
    } catch (error) {
      failure = error ?? new Error('the grouped write failed');
    }
    for (const entry of batch) entry.settle(failure);
  }
}
