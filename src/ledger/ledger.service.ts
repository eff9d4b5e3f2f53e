import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Transactions } from '../database/transactions';
import { GENESIS_HASH, newSalt, normalisePayload, payloadDigest, recordHash } from './ledger-hash';
import { LedgerRecord } from './ledger-record.entity';
import { LedgerRepository } from './ledger.repository';

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
    private readonly repository: LedgerRepository,
  ) {}

  /**
   * Appends a record inside the caller's transaction, so it is written (or rolled back) together
   * with the change it records.
   */
  async append(manager: EntityManager, entry: LedgerEntry): Promise<LedgerRecord> {
    const [record] = await this.appendMany(manager, [entry]);
    return record;
  }

  /**
   * Appends records in the order given, chained one to the next, inside the caller's transaction: the head
   * is read and moved once, and the records written together, so many decisions cost what one does.
   */
  async appendMany(manager: EntityManager, entries: LedgerEntry[]): Promise<LedgerRecord[]> {
    if (!manager.queryRunner?.isTransactionActive) throw new LedgerOutsideTransaction();
    if (entries.length === 0) return [];
    const head = await this.repository.lockHead(manager);
    const recordedAt = new Date().toISOString();
    let last = { sequence: head.sequence, hash: head.hash };
    const records = entries.map((entry) => {
      const payload = normalisePayload(entry.payload);
      const salt = newSalt();
      const fields = {
        sequence: last.sequence + 1,
        action: entry.action,
        actorId: entry.actorId,
        subjectType: entry.subjectType,
        subjectId: entry.subjectId,
        enrolmentId: entry.enrolmentId,
        payloadDigest: payloadDigest(salt, payload),
        recordedAt,
      };
      const hash = recordHash(last.hash, fields);
      const record = { ...fields, payload, salt, previousHash: last.hash, hash };
      last = { sequence: fields.sequence, hash };
      return record;
    });
    const ids = await this.repository.insert(manager, records);
    await this.repository.moveHead(manager, head.sequence, last);
    return records.map((record, i) => Object.assign(new LedgerRecord(), record, { id: ids[i] }));
  }

  /**
   * Drops the payload and salt of every record within these enrolments, in the caller's transaction: what a
   * person wrote leaves the ledger, while each record's digest keeps the chain verifiable. Answers how many.
   */
  async erasePayloads(manager: EntityManager, enrolmentIds: number[]): Promise<number> {
    if (enrolmentIds.length === 0) return 0;
    const result = await manager
      .createQueryBuilder()
      .update(LedgerRecord)
      .set({ payload: null, salt: null })
      .where('enrolment_id IN (:...enrolmentIds)', { enrolmentIds })
      .execute();
    return result.affected ?? 0;
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
   * Walks the chain in sequence order, a batch at a time, recomputing every payload digest (where the payload
   * was not erased) and every hash from the stored fields and the previous record's stored hash; names the
   * first record that does not match.
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
    const head = await this.committed((m) => this.repository.readHead(m));
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
    // Erasure drops payload and salt together; then the stored digest stands for them.
    if (record.payload !== null || record.salt !== null) {
      if (record.payload === null || record.salt === null) return 'payload or salt is missing without the other';
      if (payloadDigest(record.salt, record.payload) !== record.payloadDigest) return 'payload does not match its digest';
    }
    if (recordHash(previous.hash, record) !== record.hash) return 'hash does not match its contents';
    return undefined;
  }

  private batchAfter(sequence: number, upTo: number | undefined): Promise<LedgerRecord[]> {
    return this.committed((m) => this.repository.batchAfter(m, sequence, upTo, BATCH));
  }

  /**
   * SQLite has one connection, so a plain read would see what an open transaction has written
   * and may still roll back; a short transaction of our own waits for it to finish.
   */
  private committed<T>(read: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.records.manager.connection.options.type === 'better-sqlite3' ? this.transactions.run(read) : read(this.records.manager);
  }
}
