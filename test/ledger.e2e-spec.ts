import { runCommand } from '../src/cli/commands';
import { Transactions } from '../src/database/transactions';
import { GENESIS_HASH, payloadDigest, recordHash } from '../src/ledger/ledger-hash';
import { LedgerEntry, LedgerOutsideTransaction, LedgerService } from '../src/ledger/ledger.service';
import { makeUser, startTestApp, TestApp } from './support/test-app';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), stdin: async () => '' } };
}

describe('the sign-off ledger', () => {
  let t: TestApp;
  let ledger: LedgerService;
  let transactions: Transactions;
  let supervisorId: number;

  /** Raw SQL as someone with database access would write it; $1, $2… become ? on SQLite. */
  const sql = (text: string, params: unknown[] = []) =>
    t.dataSource.query(t.dataSource.options.type === 'postgres' ? text : text.replace(/\$\d+/g, '?'), params);

  const entry = (n: number, fields: Partial<LedgerEntry> = {}): LedgerEntry => ({
    action: 'approve',
    actorId: supervisorId,
    subjectType: 'practice_entry',
    subjectId: n,
    enrolmentId: 100,
    payload: { hours: n, text: `Entry ${n}` },
    ...fields,
  });

  /** Appends records one transaction each, in order. */
  async function appendMany(count: number) {
    for (let n = 1; n <= count; n += 1) await transactions.run((m) => ledger.append(m, entry(n)));
  }

  beforeAll(async () => {
    t = await startTestApp();
    ledger = t.app.get(LedgerService);
    transactions = t.app.get(Transactions);
    supervisorId = (await makeUser(t, ['supervisor'])).id;
  });

  afterAll(() => t.close());

  // Every test starts from an empty ledger, as the migration leaves it.
  beforeEach(async () => {
    await sql('DELETE FROM ledger_records');
    await sql('UPDATE ledger_head SET sequence = $1, hash = $2 WHERE id = $3', [0, GENESIS_HASH, 1]);
  });

  it('verifies an empty ledger', async () => {
    expect(await ledger.verify()).toEqual({ ok: true, count: 0, lastHash: GENESIS_HASH });
  });

  it('chains each record to the one before and verifies the chain', async () => {
    await appendMany(5);
    const records = await ledger.historyForEnrolment(100);
    expect(records.map((r) => r.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(records[0].previousHash).toBe(GENESIS_HASH);
    for (let i = 1; i < records.length; i += 1) expect(records[i].previousHash).toBe(records[i - 1].hash);
    expect(await ledger.verify()).toEqual({ ok: true, count: 5, lastHash: records[4].hash });
  });

  it('keeps who, what, when and the content at that moment, and gives a subject its history oldest first', async () => {
    await transactions.run((m) => ledger.append(m, entry(1, { action: 'submit', actorId: null, payload: { text: 'Første utkast', at: new Date('2025-11-01T08:00:00Z') } })));
    await transactions.run((m) => ledger.append(m, entry(2, { subjectId: 99, enrolmentId: 200 })));
    await transactions.run((m) => ledger.append(m, entry(1, { action: 'return', payload: { text: 'Første utkast', comment: 'Skriv mer' } })));

    const history = await ledger.history('practice_entry', 1);
    expect(history.map((r) => r.action)).toEqual(['submit', 'return']);
    expect(history[0]).toMatchObject({ actorId: null, enrolmentId: 100, payload: { text: 'Første utkast', at: '2025-11-01T08:00:00.000Z' } });
    expect(history[1]).toMatchObject({ actorId: supervisorId, actor: { id: supervisorId }, payload: { comment: 'Skriv mer' } });
    expect(history[1].recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect((await ledger.historyForEnrolment(200)).map((r) => r.subjectId)).toEqual([99]);
    expect(await ledger.history('assignment', 1)).toEqual([]);
    expect((await ledger.verify()).ok).toBe(true);
  });

  it('writes nothing when the caller’s transaction rolls back, and the chain carries on', async () => {
    await appendMany(2);
    await expect(
      transactions.run(async (m) => {
        await ledger.append(m, entry(3));
        throw new Error('the approval itself failed');
      }),
    ).rejects.toThrow('the approval itself failed');
    expect((await ledger.verify()).count).toBe(2);
    const next = await transactions.run((m) => ledger.append(m, entry(3)));
    expect(next.sequence).toBe(3);
    expect((await ledger.verify()).ok).toBe(true);
  });

  it('refuses to append outside a transaction', async () => {
    await expect(ledger.append(t.dataSource.manager, entry(1))).rejects.toBeInstanceOf(LedgerOutsideTransaction);
    expect((await ledger.verify()).count).toBe(0);
  });

  async function idOf(sequence: number): Promise<number> {
    const rows = (await sql('SELECT id FROM ledger_records WHERE sequence = $1', [sequence])) as { id: number }[];
    return Number(rows[0].id);
  }

  it('names the first record whose payload was changed in the database', async () => {
    await appendMany(5);
    const id = await idOf(3);
    await sql('UPDATE ledger_records SET payload = $1 WHERE sequence = $2', ['{"hours":30,"text":"Entry 3"}', 3]);
    await sql('UPDATE ledger_records SET payload = $1 WHERE sequence = $2', ['{"hours":50,"text":"Entry 5"}', 5]);
    expect(await ledger.verify()).toEqual({ ok: false, count: 2, lastHash: expect.any(String), firstBroken: { sequence: 3, id, reason: 'payload does not match its digest' } });
  });

  it('names a record whose salt was changed', async () => {
    await appendMany(3);
    await sql('UPDATE ledger_records SET salt = $1 WHERE sequence = $2', ['f'.repeat(32), 2]);
    expect((await ledger.verify()).firstBroken).toEqual({ sequence: 2, id: await idOf(2), reason: 'payload does not match its digest' });
  });

  it('names a record whose payload was changed together with a digest computed to match', async () => {
    await appendMany(3);
    const [second] = await ledger.history('practice_entry', 2);
    const forged = { hours: 20, text: 'Entry 2' };
    await sql('UPDATE ledger_records SET payload = $1, payload_digest = $2 WHERE sequence = $3', [JSON.stringify(forged), payloadDigest(second.salt!, forged), 2]);
    expect((await ledger.verify()).firstBroken).toEqual({ sequence: 2, id: await idOf(2), reason: 'hash does not match its contents' });
  });

  it('verifies a chain whose payloads and salts erasure dropped, and keeps everything else about those records', async () => {
    await transactions.run((m) => ledger.append(m, entry(1, { enrolmentId: 300 })));
    await appendMany(2);
    await transactions.run((m) => ledger.append(m, entry(4, { enrolmentId: 300 })));
    const before = await ledger.verify();
    expect(await transactions.run((m) => ledger.erasePayloads(m, [300]))).toBe(2);
    const erased = await ledger.historyForEnrolment(300);
    expect(erased.map((r) => [r.sequence, r.payload, r.salt])).toEqual([
      [1, null, null],
      [4, null, null],
    ]);
    expect(erased[0].payloadDigest).toMatch(/^[0-9a-f]{64}$/);
    expect((await ledger.history('practice_entry', 2))[0].payload).toEqual({ hours: 2, text: 'Entry 2' });
    expect(await ledger.verify()).toEqual(before);
  });

  it('names a record that lost its payload but kept its salt, which erasure never leaves', async () => {
    await appendMany(3);
    await sql('UPDATE ledger_records SET payload = NULL WHERE sequence = $1', [2]);
    expect((await ledger.verify()).firstBroken).toEqual({ sequence: 2, id: await idOf(2), reason: 'payload or salt is missing without the other' });
  });

  it('names an erased record whose digest was then changed', async () => {
    await appendMany(3);
    await sql('UPDATE ledger_records SET payload = NULL, salt = NULL, payload_digest = $1 WHERE sequence = $2', ['e'.repeat(64), 2]);
    expect((await ledger.verify()).firstBroken).toEqual({ sequence: 2, id: await idOf(2), reason: 'hash does not match its contents' });
  });

  it('names a record whose payload is no longer JSON, and its history still loads', async () => {
    await appendMany(2);
    await sql('UPDATE ledger_records SET payload = $1 WHERE sequence = $2', ['not json', 2]);
    expect((await ledger.verify()).firstBroken).toMatchObject({ sequence: 2, reason: 'payload does not match its digest' });
    expect((await ledger.history('practice_entry', 2))[0].payload).toEqual({ unreadable: 'not json' });
  });

  it('names a record whose action was changed', async () => {
    await appendMany(4);
    await sql('UPDATE ledger_records SET action = $1 WHERE sequence = $2', ['revoke', 2]);
    expect((await ledger.verify()).firstBroken).toEqual({ sequence: 2, id: await idOf(2), reason: 'hash does not match its contents' });
  });

  it('names the gap when a record in the middle was deleted', async () => {
    await appendMany(5);
    await sql('DELETE FROM ledger_records WHERE sequence = $1', [3]);
    expect((await ledger.verify()).firstBroken).toEqual({ sequence: 4, id: await idOf(4), reason: 'sequence 3 is missing' });
  });

  it('names a record whose hash was edited', async () => {
    await appendMany(4);
    await sql('UPDATE ledger_records SET hash = $1 WHERE sequence = $2', ['f'.repeat(64), 3]);
    expect((await ledger.verify()).firstBroken).toEqual({ sequence: 3, id: await idOf(3), reason: 'hash does not match its contents' });
  });

  it('names the next record when one was rewritten with a freshly computed hash', async () => {
    await appendMany(4);
    const [third] = (await ledger.history('practice_entry', 3)).map((r) => ({ ...r, action: 'revoke' }));
    await sql('UPDATE ledger_records SET action = $1, hash = $2 WHERE sequence = $3', ['revoke', recordHash(third.previousHash, third), 3]);
    expect((await ledger.verify()).firstBroken).toEqual({ sequence: 4, id: await idOf(4), reason: 'previous hash does not match record 3' });
  });

  it('notices a first record that does not start from the beginning of the chain', async () => {
    await appendMany(2);
    await sql('UPDATE ledger_records SET previous_hash = $1 WHERE sequence = $2', ['1'.repeat(64), 1]);
    expect((await ledger.verify()).firstBroken).toMatchObject({ sequence: 1, reason: 'previous hash is not the start of the ledger' });
  });

  it('notices when the last record was deleted or a record added behind the head', async () => {
    await appendMany(3);
    await sql('DELETE FROM ledger_records WHERE sequence = $1', [3]);
    expect((await ledger.verify()).firstBroken).toEqual({ sequence: 2, id: await idOf(2), reason: 'head does not match the last record' });

    await sql('UPDATE ledger_head SET sequence = $1, hash = $2 WHERE id = $3', [2, (await ledger.history('practice_entry', 2))[0].hash, 1]);
    expect((await ledger.verify()).ok).toBe(true);
    // A forged record that chains correctly but was never counted by the head.
    const second = (await ledger.history('practice_entry', 2))[0];
    const salt = 'c'.repeat(32);
    const forged = { ...entry(3), actorId: null, sequence: 3, recordedAt: new Date().toISOString(), salt, payloadDigest: payloadDigest(salt, entry(3).payload) };
    await sql(
      'INSERT INTO ledger_records (sequence, previous_hash, hash, action, actor_id, subject_type, subject_id, enrolment_id, payload, salt, payload_digest, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)',
      [3, second.hash, recordHash(second.hash, forged), forged.action, null, forged.subjectType, forged.subjectId, forged.enrolmentId, JSON.stringify(forged.payload), salt, forged.payloadDigest, forged.recordedAt],
    );
    expect((await ledger.verify()).firstBroken).toMatchObject({ sequence: 3, reason: 'head does not match the last record' });
  });

  it('gives 50 concurrent appends the sequences 1 to 50 in one unbroken chain', async () => {
    const appended = await Promise.all(
      Array.from({ length: 50 }, (_, i) => transactions.run((m) => ledger.append(m, entry(i + 1, { subjectId: 1000 + i })))),
    );
    expect(appended.map((r) => r.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const result = await ledger.verify();
    expect(result).toMatchObject({ ok: true, count: 50 });
    expect(result.lastHash).toBe(appended.find((r) => r.sequence === 50)!.hash);
  });

  it('verifies a consistent chain while appends are still running', async () => {
    const work: Promise<unknown>[] = [];
    for (let n = 1; n <= 40; n += 1) {
      work.push(transactions.run((m) => ledger.append(m, entry(n))));
      if (n % 4 === 0) work.push(ledger.verify().then((result) => expect(result.firstBroken).toBeUndefined()));
    }
    await Promise.all(work);
    expect((await ledger.verify()).count).toBe(40);
  });

  it('sees only committed records, not one a transaction still open has appended', async () => {
    await appendMany(2);
    let appended!: () => void;
    let finish!: () => void;
    const hasAppended = new Promise<void>((resolve) => (appended = resolve));
    const mayFinish = new Promise<void>((resolve) => (finish = resolve));
    const open = transactions.run(async (m) => {
      await ledger.append(m, entry(3));
      appended();
      await mayFinish;
      throw new Error('rolled back after all');
    });
    await hasAppended;
    const verifying = ledger.verify();
    finish();
    await expect(open).rejects.toThrow('rolled back after all');
    expect(await verifying).toMatchObject({ ok: true, count: 2 });
  });

  it('walks a ledger longer than one batch', async () => {
    for (let n = 1; n <= 1201; n += 1) await transactions.run((m) => ledger.append(m, entry(n)));
    expect((await ledger.verify()).count).toBe(1201);
    await sql('UPDATE ledger_records SET subject_id = $1 WHERE sequence = $2', [1, 1100]);
    expect((await ledger.verify()).firstBroken).toMatchObject({ sequence: 1100, reason: 'hash does not match its contents' });
  }, 120_000);

  describe('npm run cli -- ledger:verify', () => {
    it('reports an intact ledger and exits 0', async () => {
      await appendMany(3);
      const last = (await ledger.history('practice_entry', 3))[0];
      const { out, io: streams } = io();
      expect(await runCommand(['ledger:verify'], t.config, streams)).toBe(0);
      expect(out).toEqual([`Ledger intact: 3 records, last hash ${last.hash}`]);
    });

    it('names the first broken record and exits 1', async () => {
      await appendMany(3);
      await sql('UPDATE ledger_records SET payload = $1 WHERE sequence = $2', ['{"hours":9}', 2]);
      const { out, err, io: streams } = io();
      expect(await runCommand(['ledger:verify'], t.config, streams)).toBe(1);
      expect(out).toEqual([]);
      expect(err).toEqual([`Ledger broken at record #2 (id ${await idOf(2)}): payload does not match its digest`]);
    });
  });
});
