import * as fs from 'fs';
import * as path from 'path';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/config';
import { migrations } from './migrations';

/**
 * Every mapped table is a class in a *.entity file of its feature, found here by name so that the data layer
 * imports no feature; the pattern matches the sources under tests and the compiled files in dist/.
 */
const entities = [path.join(__dirname, '..', '**', '*.entity.{ts,js}')];

/** TypeORM options for the configured database; the schema only ever comes from migrations. */
export function dataSourceOptions(database: DatabaseConfig): DataSourceOptions {
  const common = { entities, migrations, synchronize: false, migrationsRun: false, logging: ['error' as const] };
  if (database.type === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: database.url,
      ...(database.schema
        ? { schema: database.schema, extra: { options: `-c search_path=${database.schema}` } }
        : {}),
    };
  }
  fs.mkdirSync(path.dirname(database.path), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: database.path,
    enableWAL: true,
    // Busy timeout in milliseconds: another process writing makes us wait, not fail.
    timeout: 5000,
    // TypeORM turns foreign keys on itself; synchronous=NORMAL is safe with WAL and much faster.
    prepareDatabase: (db: { pragma: (sql: string) => unknown }) => {
      db.pragma('synchronous = NORMAL');
    },
  };
}

/** Opens the database and brings its schema up to date. */
export async function openDatabase(database: DatabaseConfig): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(database));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
