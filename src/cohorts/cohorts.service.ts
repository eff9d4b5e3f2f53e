import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CurriculaService } from '../curricula/curricula.service';
import type { CurriculumVersion } from '../curricula/curriculum-version.entity';
import { today } from '../common/dates';
import { Cohort } from './cohort.entity';
import { CohortsRepository, EnrolmentRow } from './cohorts.repository';
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
    @InjectRepository(Enrolment) private readonly enrolments: Repository<Enrolment>,
    private readonly curricula: CurriculaService,
    private readonly repository: CohortsRepository,
  ) {}

  /** The cohorts this person coordinates, or every cohort for an administrator. */
  async cohortsFor(user: { id: number; roles: string[] }): Promise<CohortSummary[]> {
    const cohorts = await this.repository.listed(user.roles.includes('admin') ? undefined : user.id);
    const counts = await this.repository.studentCounts(cohorts.map((c) => c.id));
    return Promise.all(cohorts.map((cohort) => this.summarise(cohort, counts.get(cohort.id) ?? 0)));
  }

  /** The student's own enrolments, newest first. */
  async enrolmentsOfStudent(studentId: number): Promise<EnrolmentSummary[]> {
    const rows = await this.repository.enrolmentsOfStudent(studentId);
    return Promise.all(rows.map((row) => this.summariseEnrolment(row)));
  }

  /** The enrolments a supervisor is assigned to, and no others. */
  async enrolmentsSupervisedBy(supervisorId: number): Promise<EnrolmentSummary[]> {
    const rows = await this.repository.enrolmentsSupervisedBy(supervisorId);
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
