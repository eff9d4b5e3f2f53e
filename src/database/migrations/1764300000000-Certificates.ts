import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnTypes } from './column-types';

/** Certificates with their public verification codes. */
export class Certificates1764300000000 implements MigrationInterface {
  name = 'Certificates1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'certificates',
        columns: [
          t.id(),
          { name: 'enrolment_id', type: 'integer' },
          { name: 'code', type: 'varchar', length: '64' },
          { name: 'student_name', type: 'varchar', length: '200' },
          { name: 'programme_slug', type: 'varchar', length: '100' },
          { name: 'programme_title', type: 'text' },
          { name: 'cohort_name', type: 'varchar', length: '200' },
          { name: 'start_date', type: 'date' },
          { name: 'end_date', type: 'date' },
          { name: 'quarter_hours_approved', type: 'integer' },
          { name: 'issued_by', type: 'integer' },
          t.timestamp('issued_at'),
          t.timestamp('revoked_at', true),
          { name: 'revoked_by', type: 'integer', isNullable: true },
          { name: 'revoke_reason', type: 'text', isNullable: true },
        ],
        uniques: [{ name: 'UQ_certificates_code', columnNames: ['code'] }],
        foreignKeys: [
          { columnNames: ['enrolment_id'], referencedTableName: 'enrolments', referencedColumnNames: ['id'] },
          { columnNames: ['issued_by'], referencedTableName: 'users', referencedColumnNames: ['id'] },
          { columnNames: ['revoked_by'], referencedTableName: 'users', referencedColumnNames: ['id'] },
        ],
        indices: [{ name: 'IDX_certificates_enrolment', columnNames: ['enrolment_id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('certificates');
  }
}
