import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PreparedSql, sqliteConnection } from './prepared-sql';

/**
 * Runs writes that belong together in one transaction.
 *
 * With SQLite, TypeORM shares a single connection, so two overlapping
 * transactions fail ("cannot start a transaction within a transaction").
 * There the transactions queue up one after another; PostgreSQL runs them
 * side by side on its pool.
 */
@Injectable()
export class Transactions {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dataSource.options.type !== 'better-sqlite3') {
      return this.dataSource.transaction(work);
    }
    const result = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * Runs one write that stands alone. A single statement is atomic by itself, so it needs no transaction
   * of its own, and skips the queue: on PostgreSQL it runs on a pooled connection in autocommit. On
   * SQLite it runs at once when no transaction is open on the shared connection; while one is, the
   * statement would become part of it (and be undone with it), so it waits its turn in the queue instead.
   */
  async statement<P extends Record<string, string | number | null>>(sql: PreparedSql<P>, params: P): Promise<void> {
    const connection = sqliteConnection(this.dataSource);
    if (!connection?.inTransaction) return sql.run(params);
    return this.run((manager) => sql.runIn(manager, params));
  }
}
