import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Transactions } from '../database/transactions';
import { GENESIS_HASH, normalisePayload, recordHash } from './ledger-hash';
import { LedgerHead, LedgerRecord } from './ledger-record.entity';

export interface LedgerEntry {
  /** What happened: submit, approve, return, revoke, module_signoff… */
  action: string;
  /** Who did it; null for the system. */
  actorId: number | null;
  /** What it happened to, e.g. ('practice_entry', 12). */
  subjectType: string;
  subjectId: number;
  enrolmentId: number | null;
  /** The entry's content at that moment. */
  payload: Record<string, unknown>;
}

export interface BrokenRecord {
  sequence: number;
  id: number;
  reason: string;
}

export interface LedgerVerification {
  ok: boolean;
  /** Records that matched, in order, before the first broken one (all of them when ok). */
  count: number;
  /** The hash of the last record that matched (the genesis hash for an empty ledger). */
  lastHash: string;
  firstBroken?: BrokenRecord;
}

/** Thrown when a caller tries to append outside its transaction. */
export class LedgerOutsideTransaction extends Error {
  constructor() {
    super('LedgerService.append must be called with the manager of an open transaction');
  }
}

const BATCH = 500;

/** Appends hash-chained records of decisions and checks that no one has altered them since. */
@Injectable()
export class LedgerService {
  constructor(
    @InjectRepository(LedgerRecord) private readonly records: Repository<LedgerRecord>,
    private readonly transactions: Transactions,
  ) {}

  /**
   * Appends a record inside the caller's transaction, so it is written (or rolled back) together
   * with the change it records.
   */
  async append(manager: EntityManager, entry: LedgerEntry): Promise<LedgerRecord> {
    if (!manager.queryRunner?.isTransactionActive) throw new LedgerOutsideTransaction();
    const head = await this.lockHead(manager);
    const payload = normalisePayload(entry.payload);
    const fields = {
      sequence: head.sequence + 1,
      action: entry.action,
      actorId: entry.actorId,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      enrolmentId: entry.enrolmentId,
      payload,
      recordedAt: new Date().toISOString(),
    };
    const hash = recordHash(head.hash, fields);
    const record = await manager.save(manager.create(LedgerRecord, { ...fields, previousHash: head.hash, hash }));

    // Guarded on the old sequence: if anything moved the head under us, fail rather than fork.
    const moved = await manager.update(LedgerHead, { id: 1, sequence: head.sequence }, { sequence: fields.sequence, hash });
    if (moved.affected !== 1) throw new Error(`Ledger head moved while appending record #${fields.sequence}`);
    return record;
  }

  /** Everything recorded about one subject, oldest first. */
  history(subjectType: string, subjectId: number): Promise<LedgerRecord[]> {
    return this.records.find({ where: { subjectType, subjectId }, relations: { actor: true }, order: { sequence: 'ASC' } });
  }

  /** Everything recorded within one enrolment, oldest first. */
  historyForEnrolment(enrolmentId: number): Promise<LedgerRecord[]> {
    return this.records.find({ where: { enrolmentId }, relations: { actor: true }, order: { sequence: 'ASC' } });
  }

  /**
   * Walks the chain in sequence order, a batch at a time, recomputing every hash from the stored
   * fields and the previous record's stored hash; names the first record that does not match.
   * Call it outside any transaction: on SQLite its reads queue behind the open ones.
   */
  async verify(): Promise<LedgerVerification> {
    let last = { sequence: 0, id: 0, hash: GENESIS_HASH };
    let count = 0;
    const broken = (record: { sequence: number; id: number }, reason: string): LedgerVerification => ({
      ok: false,
      count,
      lastHash: last.hash,
      firstBroken: { sequence: record.sequence, id: record.id, reason },
    });
    const walk = async (upTo?: number): Promise<LedgerVerification | undefined> => {
      for (let batch = await this.batchAfter(last.sequence, upTo); batch.length > 0; batch = await this.batchAfter(last.sequence, upTo)) {
        for (const record of batch) {
          const problem = this.check(record, last);
          if (problem) return broken(record, problem);
          last = record;
          count += 1;
        }
      }
      return undefined;
    };

    const failed = await walk();
    if (failed) return failed;
    // Appends that committed while we walked moved the head on; their records are there to check too.
    const head = await this.committed((m) => this.readHead(m));
    if (head.sequence > last.sequence) {
      const late = await walk(head.sequence);
      if (late) return late;
    }
    if (head.sequence !== last.sequence || head.hash !== last.hash) return broken(last, 'head does not match the last record');
    return { ok: true, count, lastHash: last.hash };
  }

  private check(record: LedgerRecord, previous: { sequence: number; hash: string }): string | undefined {
    if (record.sequence !== previous.sequence + 1) return `sequence ${previous.sequence + 1} is missing`;
    if (record.previousHash !== previous.hash) {
      return previous.sequence === 0 ? 'previous hash is not the start of the ledger' : `previous hash does not match record ${previous.sequence}`;
    }
    if (recordHash(previous.hash, record) !== record.hash) return 'hash does not match its contents';
    return undefined;
  }

  private batchAfter(sequence: number, upTo: number | undefined): Promise<LedgerRecord[]> {
    return this.committed((m) => {
      const query = m
        .createQueryBuilder(LedgerRecord, 'r')
        .where('r.sequence > :sequence', { sequence })
        .orderBy('r.sequence', 'ASC')
        .limit(BATCH);
      if (upTo !== undefined) query.andWhere('r.sequence <= :upTo', { upTo });
      return query.getMany();
    });
  }

  /**
   * SQLite has one connection, so a plain read would see what an open transaction has written
   * and may still roll back; a short transaction of our own waits for it to finish.
   */
  private committed<T>(read: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.records.manager.connection.options.type === 'better-sqlite3' ? this.transactions.run(read) : read(this.records.manager);
  }

  /** On PostgreSQL the row lock makes concurrent appends wait their turn; SQLite transactions are already serialised. */
  private async lockHead(manager: EntityManager): Promise<LedgerHead> {
    if (manager.connection.options.type === 'postgres') {
      const rows = (await manager.query('SELECT sequence, hash FROM ledger_head WHERE id = $1 FOR UPDATE', [1])) as { sequence: number; hash: string }[];
      if (rows.length !== 1) throw new Error('The ledger head row is missing');
      return Object.assign(new LedgerHead(), { id: 1, sequence: Number(rows[0].sequence), hash: rows[0].hash });
    }
    return this.readHead(manager);
  }

  private async readHead(manager: EntityManager): Promise<LedgerHead> {
    const head = await manager.findOneBy(LedgerHead, { id: 1 });
    if (!head) throw new Error('The ledger head row is missing');
    return head;
  }
}
