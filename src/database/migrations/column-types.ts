import type { QueryRunner, TableColumnOptions } from 'typeorm';

/** Column shapes that read the same on SQLite and PostgreSQL. */
export function columnTypes(queryRunner: QueryRunner) {
  const postgres = queryRunner.connection.options.type === 'postgres';
  return {
    id: (name = 'id'): TableColumnOptions => ({ name, type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' }),
    timestamp: (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: postgres ? 'timestamptz' : 'datetime',
      isNullable: nullable,
      default: nullable ? undefined : postgres ? 'now()' : "(datetime('now'))",
    }),
    version: (): TableColumnOptions => ({ name: 'version', type: 'integer', default: 1 }),
  };
}
