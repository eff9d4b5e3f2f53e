import { createHash } from 'crypto';
import { DataSource } from 'typeorm';
import { stableStringify } from '../src/common/stable-stringify';
import { DatabaseConfig } from '../src/config/config';
import { dataSourceOptions } from '../src/database/data-source';
import { migrations } from '../src/database/migrations';
import { LedgerPayloadDigest1765780000000 } from '../src/database/migrations/1765780000000-LedgerPayloadDigest';
import { Transactions } from '../src/database/transactions';
import { LedgerRecord } from '../src/ledger/ledger-record.entity';
import { LedgerRepository } from '../src/ledger/ledger.repository';
import { LedgerService } from '../src/ledger/ledger.service';
import { testDatabase } from './support/test-app';

const GENESIS = '0'.repeat(64);
const upgrade = migrations.findIndex((m) => m === LedgerPayloadDigest1765780000000);

/** A record's hash as the ledger computed it before the upgrade: over the payload itself. */
function oldHash(previousHash: string, fields: Record<string, unknown>): string {
  return createHash('sha256').update(previousHash).update(stableStringify(fields)).digest('hex');
}

// An installation whose ledger was written before hashes covered a digest of the payload: the upgrade verifies
// the old chain, re-seals it in the new form, and ledger:verify passes after it.
describe('upgrading a ledger hashed the old way', () => {
  let database: DatabaseConfig;
  let drop: () => Promise<void>;

  beforeEach(async () => {
    ({ database, drop } = await testDatabase());
  });
  afterEach(() => drop());

  async function open(count: number): Promise<DataSource> {
    const dataSource = new DataSource({ ...dataSourceOptions(database), migrations: migrations.slice(0, count) });
    await dataSource.initialize();
    return dataSource;
  }

  const sql = (ds: DataSource, text: string, params: unknown[] = []) => ds.query(ds.options.type === 'postgres' ? text : text.replace(/\$\d+/g, '?'), params);

  /** Writes `count` records chained the old way, with the head on the last, before the upgrade. */
  async function oldChain(count: number): Promise<DataSource> {
    const ds = await open(upgrade);
    await ds.runMigrations({ transaction: 'each' });
    let previous = GENESIS;
    for (let sequence = 1; sequence <= count; sequence += 1) {
      const fields = { sequence, action: 'approve', actorId: null, subjectType: 'practice_entry', subjectId: sequence, enrolmentId: 7, payload: { text: `Samtale ${sequence}`, quarterHours: sequence * 4 }, recordedAt: `2025-10-0${sequence}T10:00:00.000Z` };
      const hash = oldHash(previous, fields);
      await sql(ds, 'INSERT INTO ledger_records (sequence, previous_hash, hash, action, actor_id, subject_type, subject_id, enrolment_id, payload, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', [
        sequence, previous, hash, fields.action, null, fields.subjectType, fields.subjectId, fields.enrolmentId, stableStringify(fields.payload), fields.recordedAt,
      ]);
      previous = hash;
    }
    await sql(ds, 'UPDATE ledger_head SET sequence = $1, hash = $2 WHERE id = 1', [count, previous]);
    return ds;
  }

  function ledgerOf(ds: DataSource): LedgerService {
    return new LedgerService(ds.getRepository(LedgerRecord), new Transactions(ds), new LedgerRepository());
  }

  it('re-seals every record so that the ledger verifies, with the payloads unchanged', async () => {
    (await oldChain(5)).destroy();
    // Up to the upgrade, so that it is the migration to undo below.
    const ds = await open(upgrade + 1);
    try {
      await ds.runMigrations({ transaction: 'each' });
      const ledger = ledgerOf(ds);
      expect(await ledger.verify()).toMatchObject({ ok: true, count: 5 });
      const records = await ledger.historyForEnrolment(7);
      expect(records.map((r) => r.payload)).toEqual([1, 2, 3, 4, 5].map((n) => ({ text: `Samtale ${n}`, quarterHours: n * 4 })));
      expect(new Set(records.map((r) => r.salt)).size).toBe(5);
      // Erasure can now drop payloads without breaking the chain.
      await new Transactions(ds).run((m) => ledger.erasePayloads(m, [7]));
      expect(await ledger.verify()).toMatchObject({ ok: true, count: 5 });
      // …after which the upgrade cannot be undone, as the old hashes covered what is gone.
      await expect(ds.undoLastMigration({ transaction: 'each' })).rejects.toThrow('5 ledger record(s) had their payload erased');
    } finally {
      await ds.destroy();
    }
  });

  it('refuses to upgrade a ledger that does not verify, names the record, and leaves it as it was', async () => {
    const before = await oldChain(4);
    await sql(before, 'UPDATE ledger_records SET payload = $1 WHERE sequence = $2', ['{"quarterHours":400,"text":"Samtale 3"}', 3]);
    const [{ id }] = (await sql(before, 'SELECT id FROM ledger_records WHERE sequence = 3')) as { id: number }[];
    const rows = await sql(before, 'SELECT * FROM ledger_records ORDER BY sequence');
    await before.destroy();
    const ds = await open(migrations.length);
    try {
      await expect(ds.runMigrations({ transaction: 'each' })).rejects.toThrow(`The sign-off ledger does not verify at record #3 (id ${id}): hash does not match its contents`);
      expect(await sql(ds, 'SELECT * FROM ledger_records ORDER BY sequence')).toEqual(rows);
    } finally {
      await ds.destroy();
    }
  });

  it('refuses a ledger whose head does not match its last record', async () => {
    const before = await oldChain(2);
    await sql(before, 'UPDATE ledger_head SET sequence = 3 WHERE id = 1');
    await before.destroy();
    const ds = await open(migrations.length);
    try {
      await expect(ds.runMigrations({ transaction: 'each' })).rejects.toThrow('does not verify at record #2: the head does not match the last record');
    } finally {
      await ds.destroy();
    }
  });

  it('goes back to hashing payloads when undone before any erasure, and the old chain verifies again', async () => {
    (await oldChain(3)).destroy();
    const ds = await open(upgrade + 1);
    try {
      await ds.runMigrations({ transaction: 'each' });
      await ds.undoLastMigration({ transaction: 'each' });
      const rows = (await sql(ds, 'SELECT * FROM ledger_records ORDER BY sequence')) as Record<string, unknown>[];
      let previous = GENESIS;
      for (const row of rows) {
        expect(row.previous_hash).toBe(previous);
        const fields = { sequence: Number(row.sequence), action: row.action, actorId: null, subjectType: row.subject_type, subjectId: Number(row.subject_id), enrolmentId: Number(row.enrolment_id), payload: JSON.parse(row.payload as string), recordedAt: row.recorded_at };
        expect(row.hash).toBe(oldHash(previous, fields));
        previous = row.hash as string;
      }
      expect(rows.map((r) => Object.keys(r).sort())[0]).not.toContain('salt');
    } finally {
      await ds.destroy();
    }
  });
});
