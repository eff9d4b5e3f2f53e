import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AttendanceService } from '../attendance/attendance.service';
import { Cohort } from '../cohorts/cohort.entity';
import { Enrolment } from '../cohorts/enrolment.entity';
import { DEFAULT_HOURS } from '../cohorts/teaching-hours';
import { CurriculaService } from '../curricula/curricula.service';
import { Transactions } from '../database/transactions';
import type { User } from '../users/user.entity';

/** Setting up a cohort: creating it with its teaching days, and enrolling its students. */
@Injectable()
export class CohortSetupService {
  constructor(
    @InjectRepository(Enrolment) private readonly enrolments: Repository<Enrolment>,
    private readonly curricula: CurriculaService,
    private readonly attendance: AttendanceService,
    private readonly transactions: Transactions,
  ) {}

  /** A new cohort with its coordinators and its teaching days generated from the programme's schedule, in one transaction. */
  async create(input: {
    name: string;
    curriculumVersionId: number;
    startDate: string;
    coordinatorIds: number[];
    teachingWeekdays?: string[];
    /** When and where teaching days usually are; 09:00–15:00 and no place given when left out. */
    startTime?: string;
    endTime?: string;
    place?: string;
  }): Promise<Cohort> {
    const programme = await this.curricula.getVersion(input.curriculumVersionId);
    return this.transactions.run(async (manager) => {
      const cohort = await manager.getRepository(Cohort).save(
        manager.getRepository(Cohort).create({
          name: input.name,
          curriculumVersionId: input.curriculumVersionId,
          startDate: input.startDate,
          teachingWeekdays: input.teachingWeekdays?.length ? input.teachingWeekdays : programme.content.schedule.weekdays,
          startTime: input.startTime ?? DEFAULT_HOURS.startTime,
          endTime: input.endTime ?? DEFAULT_HOURS.endTime,
          place: input.place ?? '',
          coordinators: input.coordinatorIds.map((id) => ({ id }) as User),
        }),
      );
      await this.attendance.generateForCohort(manager, cohort, programme);
      return cohort;
    });
  }

  /** Pass the transaction's manager to enrol together with what belongs to it (a new student's account). */
  async enrol(input: { cohortId: number; studentId: number; supervisorIds: number[]; employerOrganisationId?: number | null }, manager?: EntityManager): Promise<Enrolment> {
    const enrolments = manager ? manager.getRepository(Enrolment) : this.enrolments;
    return enrolments.save(
      enrolments.create({
        cohortId: input.cohortId,
        studentId: input.studentId,
        employerOrganisationId: input.employerOrganisationId ?? null,
        supervisors: input.supervisorIds.map((id) => ({ id }) as User),
      }),
    );
  }
}
