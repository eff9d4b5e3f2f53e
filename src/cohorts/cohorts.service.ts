import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AttendanceService } from '../attendance/attendance.service';
import { CurriculaService } from '../curricula/curricula.service';
import { Transactions } from '../database/transactions';
import type { CurriculumVersion } from '../curricula/curriculum-version.entity';
import { today } from '../common/dates';
import { User } from '../users/user.entity';
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
  constructor(
    @InjectRepository(Cohort) private readonly cohorts: Repository<Cohort>,
    @InjectRepository(Enrolment) private readonly enrolments: Repository<Enrolment>,
    private readonly curricula: CurriculaService,
    private readonly attendance: AttendanceService,
    private readonly transactions: Transactions,
  ) {}

  /** A new cohort with its coordinators and its teaching days generated from the programme's schedule, in one transaction. */
  async create(input: { name: string; curriculumVersionId: number; startDate: string; coordinatorIds: number[]; teachingWeekdays?: string[] }): Promise<Cohort> {
    const programme = await this.curricula.getVersion(input.curriculumVersionId);
    return this.transactions.run(async (manager) => {
      const cohort = await manager.getRepository(Cohort).save(
        manager.getRepository(Cohort).create({
          name: input.name,
          curriculumVersionId: input.curriculumVersionId,
          startDate: input.startDate,
          teachingWeekdays: input.teachingWeekdays?.length ? input.teachingWeekdays : programme.content.schedule.weekdays,
          coordinators: input.coordinatorIds.map((id) => ({ id }) as User),
        }),
      );
      await this.attendance.generateForCohort(manager, cohort, programme);
      return cohort;
    });
  }

  async enrol(input: { cohortId: number; studentId: number; supervisorIds: number[]; employerOrganisationId?: number | null }): Promise<Enrolment> {
    return this.enrolments.save(
      this.enrolments.create({
        cohortId: input.cohortId,
        studentId: input.studentId,
        employerOrganisationId: input.employerOrganisationId ?? null,
        supervisors: input.supervisorIds.map((id) => ({ id }) as User),
      }),
    );
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
    const rows = await this.enrolments.find({
      where: { studentId },
      relations: { cohort: true, student: true },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    return Promise.all(rows.map((row) => this.summariseEnrolment(row)));
  }

  /** The enrolments a supervisor is assigned to, and no others. */
  async enrolmentsSupervisedBy(supervisorId: number): Promise<EnrolmentSummary[]> {
    const rows = await this.enrolments
      .createQueryBuilder('enrolment')
      .innerJoin('enrolment_supervisors', 'es', 'es.enrolment_id = enrolment.id AND es.user_id = :supervisorId', { supervisorId })
      .innerJoinAndSelect('enrolment.cohort', 'cohort')
      .innerJoinAndSelect('enrolment.student', 'student')
      .orderBy('student.name', 'ASC')
      .getMany();
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

  private async summariseEnrolment(row: Enrolment): Promise<EnrolmentSummary> {
    const cohort = row.cohort!;
    const programme = await this.curricula.getVersion(cohort.curriculumVersionId);
    return {
      id: row.id,
      student: { id: row.studentId, name: row.student!.name },
      cohort: { id: cohort.id, name: cohort.name, startDate: cohort.startDate },
      programme,
      position: positionOn(cohort.startDate, today(), programme.content.duration.unit, programme.content.duration.length),
    };
  }
}
