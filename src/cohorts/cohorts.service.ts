import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { CurriculaService } from '../curricula/curricula.service';
import { PreparedSql } from '../database/prepared-sql';
import type { CurriculumVersion } from '../curricula/curriculum-version.entity';
import { today } from '../common/dates';
import { Cohort } from './cohort.entity';
import { Enrolment } from './enrolment.entity';
import { positionOn, TimelinePosition } from './timeline';

export interface CohortSummary {
  id: number;
  name: string;
  startDate: string;
  programme: CurriculumVersion;
  position: TimelinePosition;
  studentCount: number;
}

export interface EnrolmentSummary {
  id: number;
  student: { id: number; name: string };
  cohort: { id: number; name: string; startDate: string };
  programme: CurriculumVersion;
  position: TimelinePosition;
}

@Injectable()
export class CohortsService {
  private readonly lookups: ReturnType<typeof enrolmentLookups>;

  constructor(
    @InjectRepository(Cohort) private readonly cohorts: Repository<Cohort>,
    @InjectRepository(Enrolment) private readonly enrolments: Repository<Enrolment>,
    private readonly curricula: CurriculaService,
  ) {
    this.lookups = enrolmentLookups(enrolments.manager.connection);
  }

  /** The cohorts this person coordinates, or every cohort for an administrator. */
  async cohortsFor(user: { id: number; roles: string[] }): Promise<CohortSummary[]> {
    const query = this.cohorts
      .createQueryBuilder('cohort')
      .orderBy('cohort.startDate', 'DESC')
      .addOrderBy('cohort.id', 'DESC');
    if (!user.roles.includes('admin')) {
      query.innerJoin('cohort.coordinators', 'coordinator', 'coordinator.id = :userId', { userId: user.id });
    }
    const cohorts = await query.getMany();
    const counts = await this.studentCounts(cohorts.map((c) => c.id));
    return Promise.all(cohorts.map((cohort) => this.summarise(cohort, counts.get(cohort.id) ?? 0)));
  }

  private async studentCounts(cohortIds: number[]): Promise<Map<number, number>> {
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
  async enrolmentsOfStudent(studentId: number): Promise<EnrolmentSummary[]> {
    const rows = await this.lookups.ofStudent.rows<EnrolmentRow>({ studentId });
    return Promise.all(rows.map((row) => this.summariseEnrolment(row)));
  }

  /** The enrolments a supervisor is assigned to, and no others. */
  async enrolmentsSupervisedBy(supervisorId: number): Promise<EnrolmentSummary[]> {
    const rows = await this.lookups.supervisedBy.rows<EnrolmentRow>({ supervisorId });
    return Promise.all(rows.map((row) => this.summariseEnrolment(row)));
  }

  private async summarise(cohort: Cohort, studentCount: number): Promise<CohortSummary> {
    const programme = await this.curricula.getVersion(cohort.curriculumVersionId);
    return {
      id: cohort.id,
      name: cohort.name,
      startDate: cohort.startDate,
      programme,
      position: positionOn(cohort.startDate, today(), programme.content.duration.unit, programme.content.duration.length),
      studentCount,
    };
  }

  private async summariseEnrolment(row: EnrolmentRow): Promise<EnrolmentSummary> {
    const programme = await this.curricula.getVersion(Number(row.curriculum_version_id));
    return {
      id: Number(row.id),
      student: { id: Number(row.student_id), name: row.student_name },
      cohort: { id: Number(row.cohort_id), name: row.cohort_name, startDate: row.start_date },
      programme,
      position: positionOn(row.start_date, today(), programme.content.duration.unit, programme.content.duration.length),
    };
  }
}

/** One enrolment with its cohort and student, as the home page lists them. */
interface EnrolmentRow {
  id: number;
  student_id: number;
  student_name: string;
  cohort_id: number;
  cohort_name: string;
  start_date: string;
  curriculum_version_id: number;
}

// The home page's lists, asked on every visit: plain statements prepared once (see PreparedSql).
// The date is cast to text so that both databases answer YYYY-MM-DD.
const ENROLMENT_COLUMNS =
  'SELECT e.id, e.student_id, s.name AS student_name, c.id AS cohort_id, c.name AS cohort_name, CAST(c.start_date AS VARCHAR(10)) AS start_date, c.curriculum_version_id ' +
  'FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id JOIN users s ON s.id = e.student_id';

function enrolmentLookups(dataSource: DataSource) {
  return {
    ofStudent: new PreparedSql<{ studentId: number }>(dataSource, `${ENROLMENT_COLUMNS} WHERE e.student_id = :studentId ORDER BY e.created_at DESC, e.id DESC`),
    supervisedBy: new PreparedSql<{ supervisorId: number }>(
      dataSource,
      `${ENROLMENT_COLUMNS} JOIN enrolment_supervisors es ON es.enrolment_id = e.id AND es.user_id = :supervisorId ORDER BY s.name ASC, e.id ASC`,
    ),
  };
}
