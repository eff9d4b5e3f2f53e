import type { Database, Statement } from 'better-sqlite3';
import { DataSource, EntityManager } from 'typeorm';

type Params = Record<string, string | number | null>;

/** A boolean column as read from either database: SQLite keeps booleans as 0 and 1. */
export const isTrue = (value: boolean | number | null) => value === true || value === 1;

/** A count or sum as read from either database: PostgreSQL answers bigint and numeric as strings, SUM over no rows is null. */
export const toNumber = (value: number | string | null) => (value === null ? 0 : Number(value));

/**
 * The one better-sqlite3 connection TypeORM keeps for the whole data source, or undefined on PostgreSQL.
 * A statement prepared on it stays valid, and it says whether a transaction is open on it.
 */
export function sqliteConnection(dataSource: DataSource): Database | undefined {
  return dataSource.options.type === 'better-sqlite3' ? (dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection : undefined;
}

/**
 * A statement for the lookups every request makes (the session, the signed-in person, the home page's
 * lists). It is written once with `:named` parameters in SQL that both databases read alike, turned into
 * the driver's placeholders (`?` on SQLite, `$1` on PostgreSQL) the first time it runs, and then run
 * straight on the connection: on SQLite a better-sqlite3 statement prepared once, on PostgreSQL through
 * the pool. The query builder does that translation, and entity mapping, on every call: 100 µs or more
 * each time, against a few µs for the statement itself. Each statement still goes to the data source's
 * logger, as the query builder's do, so logging and counting queries see every one.
 */
export class PreparedSql<P extends Params> {
  private compiled?: { sql: string; order: string[]; sqlite?: Statement };

  constructor(
    private readonly dataSource: DataSource,
    /** One text for both databases, or one each where they differ (a function's name, say). */
    private readonly sql: string | { sqlite: string; postgres: string },
  ) {}

  /** Rows of a SELECT, as the driver gives them (PostgreSQL answers bigint columns as strings). */
  async rows<R>(params: P): Promise<R[]> {
    const { compiled, values } = this.bind(params);
    if (compiled.sqlite) {
      this.dataSource.logger.logQuery(compiled.sql, values);
      return compiled.sqlite.all(values) as R[];
    }
    return (await this.dataSource.query(compiled.sql, values)) as R[];
  }

  /** Runs a statement that returns no rows. */
  async run(params: P): Promise<void> {
    const { compiled, values } = this.bind(params);
    if (compiled.sqlite) {
      this.dataSource.logger.logQuery(compiled.sql, values);
      compiled.sqlite.run(values);
    }
    else await this.dataSource.query(compiled.sql, values);
  }

  /**
   * Runs a statement that returns no rows inside a transaction (`Transactions.run`): on PostgreSQL on the
   * transaction's own connection; on SQLite there is only the one connection, on which the transaction is open.
   */
  async runIn(manager: EntityManager, params: P): Promise<void> {
    const { compiled, values } = this.bind(params);
    if (compiled.sqlite) {
      this.dataSource.logger.logQuery(compiled.sql, values);
      compiled.sqlite.run(values);
    } else await manager.query(compiled.sql, values);
  }

  private bind(params: P) {
    const compiled = (this.compiled ??= this.compile(Object.keys(params)));
    return { compiled, values: compiled.order.map((name) => params[name]) };
  }

  /** Lets the driver place its placeholders once, with each parameter's name as its value to learn their order. */
  private compile(names: string[]): { sql: string; order: string[]; sqlite?: Statement } {
    const connection = sqliteConnection(this.dataSource);
    const text = typeof this.sql === 'string' ? this.sql : connection ? this.sql.sqlite : this.sql.postgres;
    const [sql, order] = this.dataSource.driver.escapeQueryWithParameters(text, Object.fromEntries(names.map((n) => [n, n])));
    return { sql, order: order as string[], sqlite: connection?.prepare(sql) };
  }
}
