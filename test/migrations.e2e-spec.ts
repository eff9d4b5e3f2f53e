import { DataSource } from 'typeorm';
import { DatabaseConfig } from '../src/config/config';
import { dataSourceOptions } from '../src/database/data-source';
import { migrations } from '../src/database/migrations';
import { testDatabase } from './support/test-app';

// Every schema change comes as a migration that can be undone. On SQLite and on PostgreSQL, the migrations
// are done one at a time, the schema noted after each; then each is undone, newest first, and the schema
// must be exactly what it was before that migration; then all are done again.
describe('the migrations', () => {
  let database: DatabaseConfig;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ database, drop } = await testDatabase());
  });

  afterAll(() => drop());

  /** A data source that knows the first `count` migrations, for `work`. */
  async function withMigrations<T>(count: number, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
    const dataSource = new DataSource({ ...dataSourceOptions(database), migrations: migrations.slice(0, count) });
    await dataSource.initialize();
    try {
      return await work(dataSource);
    } finally {
      await dataSource.destroy();
    }
  }

  /** Tables, columns and indexes as the database reports them, the migrations' own bookkeeping left out. */
  async function schema(dataSource: DataSource): Promise<string[]> {
    const names: { name: string }[] = await dataSource.query(
      dataSource.options.type === 'postgres'
        ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    );
    const runner = dataSource.createQueryRunner();
    try {
      const tables = await runner.getTables(names.map((row) => row.name).filter((name) => name !== 'migrations'));
      const described = tables.map((table) => `${table.name}(${table.columns.map((c) => `${c.name} ${c.type}`).sort().join(', ')}) [${table.indices.map((i) => i.name).sort().join(', ')}]`);
      return [...described, ...(await triggers(dataSource))].sort();
    } finally {
      await runner.release();
    }
  }

  /** Triggers, and on PostgreSQL the functions they run, by name. */
  async function triggers(dataSource: DataSource): Promise<string[]> {
    const rows: { name: string }[] = await dataSource.query(
      dataSource.options.type === 'postgres'
        ? "SELECT 'trigger ' || t.tgname || ' on ' || c.relname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace " +
            "UNION ALL SELECT 'function ' || p.proname AS name FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace"
        : "SELECT 'trigger ' || name || ' on ' || tbl_name AS name FROM sqlite_master WHERE type = 'trigger'",
    );
    return rows.map((row) => row.name);
  }

  it('each undo exactly their own change, newest first, and build the same schema again', async () => {
    const before: string[][] = [];
    for (let count = 1; count <= migrations.length; count += 1) {
      before.push(await withMigrations(count - 1, schema));
      await withMigrations(count, (dataSource) => dataSource.runMigrations({ transaction: 'each' }));
    }
    const built = await withMigrations(migrations.length, schema);
    expect(built.join('\n')).toContain('IDX_practice_entries_enrolment_state_submitted');
    expect(built).toContain('trigger practice_entries_change_stamp' + (database.type === 'postgres' ? ' on practice_entries' : '_insert on practice_entries'));

    await withMigrations(migrations.length, async (dataSource) => {
      for (let count = migrations.length; count >= 1; count -= 1) {
        await dataSource.undoLastMigration({ transaction: 'each' });
        expect({ undone: migrations[count - 1].name, schema: await schema(dataSource) }).toEqual({ undone: migrations[count - 1].name, schema: before[count - 1] });
      }
      await dataSource.runMigrations({ transaction: 'each' });
      expect(await schema(dataSource)).toEqual(built);
    });
  });
});
