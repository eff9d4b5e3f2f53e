import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnTypes } from './column-types';

/** Accounts, organisations, sessions, sign-in throttling, curriculum versions, cohorts and enrolments. */
export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);

    await queryRunner.createTable(
      new Table({
        name: 'organisations',
        columns: [t.id(), { name: 'name', type: 'varchar', length: '200' }, t.timestamp('created_at')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          t.id(),
          { name: 'email', type: 'varchar', length: '254' },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'password_hash', type: 'varchar', length: '255', isNullable: true },
          { name: 'locale', type: 'varchar', length: '5', isNullable: true },
          { name: 'organisation_id', type: 'integer', isNullable: true },
          { name: 'active', type: 'boolean', default: true },
          t.timestamp('created_at'),
          t.timestamp('updated_at'),
          t.version(),
        ],
        uniques: [{ name: 'UQ_users_email', columnNames: ['email'] }],
        foreignKeys: [
          { columnNames: ['organisation_id'], referencedTableName: 'organisations', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
        ],
        indices: [{ name: 'IDX_users_organisation', columnNames: ['organisation_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'user_roles',
        columns: [
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'role', type: 'varchar', length: '20', isPrimary: true },
        ],
        foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [{ name: 'IDX_user_roles_role', columnNames: ['role'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { name: 'sid', type: 'varchar', length: '255', isPrimary: true },
          { name: 'data', type: 'text' },
          { name: 'expires_at', type: 'bigint' },
        ],
        indices: [{ name: 'IDX_sessions_expires_at', columnNames: ['expires_at'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'login_throttle',
        columns: [
          { name: 'key', type: 'varchar', length: '300', isPrimary: true },
          { name: 'failures', type: 'integer', default: 0 },
          { name: 'window_started_at', type: 'bigint' },
          { name: 'locked_until', type: 'bigint', isNullable: true },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'curriculum_versions',
        columns: [
          t.id(),
          { name: 'slug', type: 'varchar', length: '100' },
          { name: 'version', type: 'integer' },
          { name: 'content_hash', type: 'varchar', length: '64' },
          { name: 'content', type: 'text' },
          t.timestamp('loaded_at'),
        ],
        uniques: [
          { name: 'UQ_curriculum_versions_slug_version', columnNames: ['slug', 'version'] },
          { name: 'UQ_curriculum_versions_slug_hash', columnNames: ['slug', 'content_hash'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'cohorts',
        columns: [
          t.id(),
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'curriculum_version_id', type: 'integer' },
          { name: 'start_date', type: 'date' },
          t.timestamp('created_at'),
          t.version(),
        ],
        foreignKeys: [{ columnNames: ['curriculum_version_id'], referencedTableName: 'curriculum_versions', referencedColumnNames: ['id'] }],
        indices: [{ name: 'IDX_cohorts_curriculum_version', columnNames: ['curriculum_version_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'cohort_coordinators',
        columns: [
          { name: 'cohort_id', type: 'integer', isPrimary: true },
          { name: 'user_id', type: 'integer', isPrimary: true },
        ],
        foreignKeys: [
          { columnNames: ['cohort_id'], referencedTableName: 'cohorts', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
        indices: [{ name: 'IDX_cohort_coordinators_user', columnNames: ['user_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'enrolments',
        columns: [
          t.id(),
          { name: 'cohort_id', type: 'integer' },
          { name: 'student_id', type: 'integer' },
          { name: 'employer_organisation_id', type: 'integer', isNullable: true },
          t.timestamp('created_at'),
          t.version(),
        ],
        uniques: [{ name: 'UQ_enrolments_cohort_student', columnNames: ['cohort_id', 'student_id'] }],
        foreignKeys: [
          { columnNames: ['cohort_id'], referencedTableName: 'cohorts', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['student_id'], referencedTableName: 'users', referencedColumnNames: ['id'] },
          { columnNames: ['employer_organisation_id'], referencedTableName: 'organisations', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
        ],
        indices: [
          { name: 'IDX_enrolments_student', columnNames: ['student_id'] },
          { name: 'IDX_enrolments_employer', columnNames: ['employer_organisation_id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'enrolment_supervisors',
        columns: [
          { name: 'enrolment_id', type: 'integer', isPrimary: true },
          { name: 'user_id', type: 'integer', isPrimary: true },
        ],
        foreignKeys: [
          { columnNames: ['enrolment_id'], referencedTableName: 'enrolments', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
        indices: [{ name: 'IDX_enrolment_supervisors_user', columnNames: ['user_id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'enrolment_supervisors',
      'enrolments',
      'cohort_coordinators',
      'cohorts',
      'curriculum_versions',
      'login_throttle',
      'sessions',
      'user_roles',
      'users',
      'organisations',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
