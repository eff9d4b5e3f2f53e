import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { PreparedSql } from '../database/prepared-sql';
import { Cohort } from './cohort.entity';
import { Enrolment } from './enrolment.entity';

/** One enrolment with its cohort and student, as the home page lists them. */
export interface EnrolmentRow {
  id: number;
  student_id: number;
  student_name: string;
  cohort_id: number;
  cohort_name: string;
  start_date: string;
  curriculum_version_id: number;
}

// The date is cast to text so that both databases answer YYYY-MM-DD.
const ENROLMENT_COLUMNS =
  'SELECT e.id, e.student_id, s.name AS student_name, c.id AS cohort_id, c.name AS cohort_name, CAST(c.start_date AS VARCHAR(10)) AS start_date, c.curriculum_version_id ' +
  'FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id JOIN users s ON s.id = e.student_id';

/** Cohorts and their enrolments as the lists of the home pages read them. */
@Injectable()
export class CohortsRepository {
  // The home page's lists, asked on every visit: plain statements prepared once (see PreparedSql).
  private readonly ofStudent: PreparedSql<{ studentId: number }>;
  private readonly supervisedBy: PreparedSql<{ supervisorId: number }>;

  constructor(
    @InjectRepository(Cohort) private readonly cohorts: Repository<Cohort>,
    @InjectRepository(Enrolment) private readonly enrolments: Repository<Enrolment>,
    @InjectDataSource() dataSource: DataSource,
  ) {
    this.ofStudent = new PreparedSql(dataSource, `${ENROLMENT_COLUMNS} WHERE e.student_id = :studentId ORDER BY e.created_at DESC, e.id DESC`);
    this.supervisedBy = new PreparedSql(
      dataSource,
      `${ENROLMENT_COLUMNS} JOIN enrolment_supervisors es ON es.enrolment_id = e.id AND es.user_id = :supervisorId ORDER BY s.name ASC, e.id ASC`,
    );
  }

  /** Every cohort, or those this person coordinates; the newest start first. */
  listed(coordinatorId: number | undefined): Promise<Cohort[]> {
    const query = this.cohorts.createQueryBuilder('cohort').orderBy('cohort.startDate', 'DESC').addOrderBy('cohort.id', 'DESC');
    if (coordinatorId !== undefined) query.innerJoin('cohort.coordinators', 'coordinator', 'coordinator.id = :userId', { userId: coordinatorId });
    return query.getMany();
  }

  /** How many students each of the cohorts has, in one statement. */
  async studentCounts(cohortIds: number[]): Promise<Map<number, number>> {
    if (cohortIds.length === 0) return new Map();
    const rows: { cohortId: number; count: string | number }[] = await this.enrolments
      .createQueryBuilder('e')
      .select('e.cohortId', 'cohortId')
      .addSelect('COUNT(*)', 'count')
      .where('e.cohortId IN (:...cohortIds)', { cohortIds })
      .groupBy('e.cohortId')
      .getRawMany();
    return new Map(rows.map((row) => [Number(row.cohortId), Number(row.count)]));
  }

  /** The student's own enrolments, newest first. */
  enrolmentsOfStudent(studentId: number): Promise<EnrolmentRow[]> {
    return this.ofStudent.rows<EnrolmentRow>({ studentId });
  }

  /** The enrolments a supervisor is assigned to, by the student's name. */
  enrolmentsSupervisedBy(supervisorId: number): Promise<EnrolmentRow[]> {
    return this.supervisedBy.rows<EnrolmentRow>({ supervisorId });
  }
}
