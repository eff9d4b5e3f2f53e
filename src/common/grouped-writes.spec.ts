import { GroupedWrites } from './grouped-writes';

describe('GroupedWrites', () => {
  it('writes the rows added in one turn as one batch, in the order they came', async () => {
    const batches: number[][] = [];
    const writes = new GroupedWrites<number>(async (rows) => void batches.push(rows));
    await Promise.all([writes.add([1, 2]), writes.add([3]), writes.add([4, 5])]);
    expect(batches).toEqual([[1, 2, 3, 4, 5]]);
  });

  it('lets no caller go on before its rows are written', async () => {
    const stored: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const writes = new GroupedWrites<number>(async (rows) => {
      await gate;
      stored.push(...rows);
    });
    let done = false;
    const added = writes.add([7]).then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    release();
    await added;
    expect(stored).toEqual([7]);
  });

  it('starts a new batch for rows added while one is being written', async () => {
    const batches: number[][] = [];
    const writes = new GroupedWrites<number>(async (rows) => {
      batches.push(rows);
      await new Promise((resolve) => setImmediate(resolve));
    });
    const first = writes.add([1]);
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all([first, writes.add([2])]);
    expect(batches).toEqual([[1], [2]]);
  });

  it('tells every caller of a batch that failed, and writes the next batch afresh', async () => {
    let fail = true;
    const batches: number[][] = [];
    const writes = new GroupedWrites<number>(async (rows) => {
      if (fail) throw new Error('disk full');
      batches.push(rows);
    });
    const outcomes = await Promise.allSettled([writes.add([1]), writes.add([2])]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await writes.add([3]);
    expect(batches).toEqual([[3]]);
  });

  it('has nothing to write for no rows', async () => {
    const write = jest.fn(async () => undefined);
    await new GroupedWrites<number>(write).add([]);
    expect(write).not.toHaveBeenCalled();
  });
});
