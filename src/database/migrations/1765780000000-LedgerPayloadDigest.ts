import { createHash, randomBytes } from 'crypto';
import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { stableStringify } from '../../common/stable-stringify';

/**
 * The sign-off ledger's hash stops covering the payload (which holds what students wrote) and covers a salted
 * digest of it instead, so that erasing a person can drop the payload and its salt and the chain still verifies.
 *
 * Records written before this change were hashed over the payload itself. The upgrade first verifies that old
 * chain from the first record to the head and refuses, naming the record, if it does not hold: re-sealing a
 * tampered chain would launder the tampering. It then re-seals every record in order: a fresh salt, the digest
 * of salt and payload, and a new hash chained to the new hash of the record before; the head moves to the last
 * one. The sequence, actions, actors, subjects, payloads and times are unchanged (see docs/ledger.md).
 *
 * The hashing of both forms is written out here rather than imported, so this step keeps doing what it did
 * when the ledger's own code moves on.
 */
export class LedgerPayloadDigest1765780000000 implements MigrationInterface {
  name = 'LedgerPayloadDigest1765780000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await walk(queryRunner, 'old', async () => undefined);
    await queryRunner.addColumns('ledger_records', [
      new TableColumn({ name: 'salt', type: 'varchar', length: '32', isNullable: true }),
      new TableColumn({ name: 'payload_digest', type: 'varchar', length: '64', isNullable: true }),
    ]);
    await reseal(queryRunner, 'new');
    const table = (await queryRunner.getTable('ledger_records'))!;
    await queryRunner.changeColumns('ledger_records', [
      { oldColumn: table.findColumnByName('payload')!, newColumn: nullable(table.findColumnByName('payload')!, true) },
      { oldColumn: table.findColumnByName('payload_digest')!, newColumn: nullable(table.findColumnByName('payload_digest')!, false) },
    ]);
  }

  /** Back to hashing the payload itself; refused once an erasure has dropped a payload, which cannot come back. */
  async down(queryRunner: QueryRunner): Promise<void> {
    const [{ n }] = (await queryRunner.query('SELECT COUNT(*) AS n FROM ledger_records WHERE payload IS NULL')) as { n: number | string }[];
    if (Number(n) > 0) throw new Error(`${n} ledger record(s) had their payload erased; the ledger cannot return to hashing payloads.`);
    await walk(queryRunner, 'new', async () => undefined);
    await reseal(queryRunner, 'old');
    const table = (await queryRunner.getTable('ledger_records'))!;
    await queryRunner.changeColumn('ledger_records', table.findColumnByName('payload')!, nullable(table.findColumnByName('payload')!, false));
    await queryRunner.dropColumns('ledger_records', ['payload_digest', 'salt']);
  }
}

/** The column as the database describes it, with only its nullability changed (so PostgreSQL alters it in place). */
function nullable(column: TableColumn, isNullable: boolean): TableColumn {
  const changed = column.clone();
  changed.isNullable = isNullable;
  return changed;
}

type Form = 'old' | 'new';

interface Row {
  id: number;
  sequence: number;
  previous_hash: string;
  hash: string;
  action: string;
  actor_id: number | null;
  subject_type: string;
  subject_id: number;
  enrolment_id: number | null;
  payload: string;
  salt?: string | null;
  payload_digest?: string | null;
  recorded_at: string;
}

const GENESIS = '0'.repeat(64);
const BATCH = 500;
const sha256 = (...parts: string[]) => parts.reduce((hash, part) => hash.update(part), createHash('sha256')).digest('hex');

function digestOf(salt: string, payload: string): string {
  return sha256(salt, stableStringify(JSON.parse(payload)));
}

function hashOf(form: Form, previousHash: string, row: Row, payloadDigest?: string): string {
  const fields = { sequence: Number(row.sequence), action: row.action, actorId: row.actor_id === null ? null : Number(row.actor_id), subjectType: row.subject_type, subjectId: Number(row.subject_id), enrolmentId: row.enrolment_id === null ? null : Number(row.enrolment_id), recordedAt: row.recorded_at };
  const content = form === 'old' ? { ...fields, payload: JSON.parse(row.payload) as unknown } : { ...fields, payloadDigest };
  return sha256(previousHash, stableStringify(content));
}

/** What is wrong with one record of the chain in the given form, or undefined. */
function problem(form: Form, row: Row, previous: { sequence: number; hash: string }): string | undefined {
  if (Number(row.sequence) !== previous.sequence + 1) return `sequence ${previous.sequence + 1} is missing`;
  if (row.previous_hash !== previous.hash) return 'previous hash does not match the record before';
  try {
    if (form === 'new' && digestOf(row.salt!, row.payload) !== row.payload_digest) return 'payload does not match its digest';
    if (hashOf(form, previous.hash, row, row.payload_digest ?? undefined) !== row.hash) return 'hash does not match its contents';
  } catch {
    return 'payload is not JSON';
  }
  return undefined;
}

function sql(queryRunner: QueryRunner, text: string): string {
  return queryRunner.connection.options.type === 'postgres' ? text : text.replace(/\$\d+/g, '?');
}

/** Walks the chain in the given form, handing each record to `each` after checking it; throws at the first broken one. */
async function walk(queryRunner: QueryRunner, form: Form, each: (row: Row) => Promise<void>): Promise<void> {
  let last = { sequence: 0, hash: GENESIS };
  for (;;) {
    const rows = (await queryRunner.query(sql(queryRunner, 'SELECT * FROM ledger_records WHERE sequence > $1 ORDER BY sequence LIMIT $2'), [last.sequence, BATCH])) as Row[];
    for (const row of rows) {
      const wrong = problem(form, row, last);
      if (wrong) throw brokenLedger(Number(row.sequence), Number(row.id), wrong);
      await each(row);
      last = { sequence: Number(row.sequence), hash: row.hash };
    }
    if (rows.length < BATCH) break;
  }
  const [head] = (await queryRunner.query('SELECT sequence, hash FROM ledger_head WHERE id = 1')) as { sequence: number; hash: string }[];
  if (!head || Number(head.sequence) !== last.sequence || head.hash !== last.hash) throw brokenLedger(last.sequence, 0, 'the head does not match the last record');
}

function brokenLedger(sequence: number, id: number, reason: string): Error {
  return new Error(
    `The sign-off ledger does not verify at record #${sequence}${id ? ` (id ${id})` : ''}: ${reason}. This upgrade re-seals every record ` +
      'and does so only from an intact chain, so that it cannot hide a change. Restore the ledger from a backup ' +
      '(or find out what changed it, with npm run cli -- ledger:verify on the previous version) and run the upgrade again.',
  );
}

/** Re-hashes every record in sequence order in the given form, and moves the head to the last one. */
async function reseal(queryRunner: QueryRunner, form: Form): Promise<void> {
  let previousHash = GENESIS;
  let sequence = 0;
  for (;;) {
    const rows = (await queryRunner.query(sql(queryRunner, 'SELECT * FROM ledger_records WHERE sequence > $1 ORDER BY sequence LIMIT $2'), [sequence, BATCH])) as Row[];
    for (const row of rows) {
      if (form === 'new') {
        const salt = randomBytes(16).toString('hex');
        const payloadDigest = digestOf(salt, row.payload);
        const hash = hashOf('new', previousHash, row, payloadDigest);
        await queryRunner.query(sql(queryRunner, 'UPDATE ledger_records SET salt = $1, payload_digest = $2, previous_hash = $3, hash = $4 WHERE id = $5'), [salt, payloadDigest, previousHash, hash, row.id]);
        previousHash = hash;
      } else {
        const hash = hashOf('old', previousHash, row);
        await queryRunner.query(sql(queryRunner, 'UPDATE ledger_records SET previous_hash = $1, hash = $2 WHERE id = $3'), [previousHash, hash, row.id]);
        previousHash = hash;
      }
      sequence = Number(row.sequence);
    }
    if (rows.length < BATCH) break;
  }
  await queryRunner.query(sql(queryRunner, 'UPDATE ledger_head SET hash = $1 WHERE id = 1'), [previousHash]);
}
