import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { LedgerHead, LedgerRecord } from './ledger-record.entity';

/** Rows of one insert: enough for any page of decisions, well inside either database's limit on parameters. */
const ROWS_PER_INSERT = 200;

/** The ledger's records and its head (the last sequence and hash), always read and written in the caller's transaction. */
@Injectable()
export class LedgerRepository {
  /** The head, locked on PostgreSQL so concurrent appends wait their turn; SQLite transactions are already serialised. */
  async lockHead(manager: EntityManager): Promise<LedgerHead> {
    if (manager.connection.options.type === 'postgres') {
      const rows = (await manager.query('SELECT sequence, hash FROM ledger_head WHERE id = $1 FOR UPDATE', [1])) as { sequence: number; hash: string }[];
      if (rows.length !== 1) throw new Error('The ledger head row is missing');
      return Object.assign(new LedgerHead(), { id: 1, sequence: Number(rows[0].sequence), hash: rows[0].hash });
    }
    return this.readHead(manager);
  }

  async readHead(manager: EntityManager): Promise<LedgerHead> {
    const head = await manager.findOneBy(LedgerHead, { id: 1 });
    if (!head) throw new Error('The ledger head row is missing');
    return head;
  }

  /** Writes records already chained, a few hundred to a statement, however many there are; answers their ids. */
  async insert(manager: EntityManager, records: Omit<LedgerRecord, 'id' | 'actor'>[]): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < records.length; i += ROWS_PER_INSERT) {
      const rows = records.slice(i, i + ROWS_PER_INSERT) as QueryDeepPartialEntity<LedgerRecord>[];
      const result = await manager.insert(LedgerRecord, rows);
      ids.push(...result.identifiers.map((row) => Number(row.id)));
    }
    return ids;
  }

  /** Moves the head on, only from where it was read: if anything moved it meanwhile, the append fails rather than fork the chain. */
  async moveHead(manager: EntityManager, from: number, to: { sequence: number; hash: string }): Promise<void> {
    const moved = await manager.update(LedgerHead, { id: 1, sequence: from }, to);
    if (moved.affected !== 1) throw new Error(`Ledger head moved while appending record #${to.sequence}`);
  }

  /** Up to `limit` records after `sequence` (and up to `upTo`), in sequence order. */
  batchAfter(manager: EntityManager, sequence: number, upTo: number | undefined, limit: number): Promise<LedgerRecord[]> {
    const query = manager.createQueryBuilder(LedgerRecord, 'r').where('r.sequence > :sequence', { sequence }).orderBy('r.sequence', 'ASC').limit(limit);
    if (upTo !== undefined) query.andWhere('r.sequence <= :upTo', { upTo });
    return query.getMany();
  }
}
