import { PreparedSql } from '../src/database/prepared-sql';
import { Transactions } from '../src/database/transactions';
import { startTestApp, TestApp } from './support/test-app';

// Writes that belong together run in a transaction; a single statement, such as the employer view's
// log rows, runs on its own. On SQLite there is one connection for everything, so these tests hold
// both kinds to what a person would notice: nothing written is lost or undone by someone else's work.
let t: TestApp;
let transactions: Transactions;
let mark: PreparedSql<{ ids: string }>;

const marks = async (): Promise<number[]> =>
  ((await t.dataSource.query('SELECT n FROM scratch_marks ORDER BY n')) as { n: number | string }[]).map((row) => Number(row.n));

beforeAll(async () => {
  t = await startTestApp();
  transactions = t.app.get(Transactions);
  await t.dataSource.query('CREATE TABLE scratch_marks (n integer NOT NULL UNIQUE)');
  // The same shape as the employer view's log: one statement, however many rows.
  mark = new PreparedSql(t.dataSource, {
    sqlite: 'INSERT INTO scratch_marks (n) SELECT CAST(value AS INTEGER) FROM json_each(:ids)',
    postgres: 'INSERT INTO scratch_marks (n) SELECT CAST(value AS INTEGER) FROM json_array_elements_text(CAST(:ids AS json))',
  });
});

afterAll(() => t.close());

beforeEach(() => t.dataSource.query('DELETE FROM scratch_marks'));

describe('a statement that stands alone', () => {
  it('writes all of its rows', async () => {
    await transactions.statement(mark, { ids: '[1,2,3]' });
    expect(await marks()).toEqual([1, 2, 3]);
  });

  it('writes none of its rows when one of them fails', async () => {
    // Not `rejects.toThrow()`: better-sqlite3's error class belongs to the test file that loaded the native
    // module first in a jest worker, so in later files it is no `Error` of theirs. The message says what failed.
    await expect(transactions.statement(mark, { ids: '[4,5,5]' })).rejects.toHaveProperty('message', expect.stringMatching(/UNIQUE constraint failed|duplicate key/));
    expect(await marks()).toEqual([]);
  });

  it('is kept when it arrives while another transaction is open and that transaction is then undone', async () => {
    let opened!: () => void;
    let release!: () => void;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const undone = transactions.run(async (manager) => {
      await mark.runIn(manager, { ids: '[1]' });
      opened();
      await released;
      throw new Error('undone on purpose');
    });
    await isOpen;
    const alone = transactions.statement(mark, { ids: '[2]' });
    release();
    await expect(undone).rejects.toThrow('undone on purpose');
    await alone;
    expect(await marks()).toEqual([2]);
  });

  it('mixes with transactions started at the same moment, and every write lands', async () => {
    const work = Array.from({ length: 100 }, (_, i) =>
      i % 2 === 0
        ? transactions.statement(mark, { ids: JSON.stringify([i]) })
        : transactions.run(async (manager) => {
            await mark.runIn(manager, { ids: JSON.stringify([i]) });
            await new Promise((resolve) => setImmediate(resolve));
          }),
    );
    const outcomes = await Promise.allSettled(work);
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(await marks()).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
