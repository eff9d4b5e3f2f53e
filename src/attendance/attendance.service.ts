import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Cohort } from '../cohorts/cohort.entity';
import type { CurriculumVersion } from '../curricula/curriculum-version.entity';
import type { Weekday } from '../curricula/curriculum.types';
import { AttendanceRepository } from './attendance.repository';
import { AttendanceRate, attendanceRate } from '../cohorts/attendance-rate';
import { SkippedTeachingDay } from './skipped-teaching-day.entity';
import { TeachingDay } from './teaching-day.entity';
import { generateTeachingDays } from './teaching-days';

@Injectable()
export class AttendanceService {
  constructor(private readonly repository: AttendanceRepository) {}

  /**
   * Creates the cohort's teaching days from its programme's schedule on the cohort's weekdays, leaving out Norwegian
   * days off, and records those as skipped (replacing any record of an earlier generation, as after a new start date).
   */
  async generateForCohort(manager: EntityManager, cohort: Cohort, programme: CurriculumVersion): Promise<number> {
    const weekdays = (cohort.teachingWeekdays?.length ? cohort.teachingWeekdays : programme.content.schedule.weekdays) as Weekday[];
    const { days, skipped } = generateTeachingDays(cohort.startDate, programme.content, weekdays);
    const repo = manager.getRepository(TeachingDay);
    for (let i = 0; i < days.length; i += 100) {
      await repo.insert(days.slice(i, i + 100).map((date) => ({ cohortId: cohort.id, date, cancelled: false })));
    }
    await manager.delete(SkippedTeachingDay, { cohortId: cohort.id });
    if (skipped.length) await manager.getRepository(SkippedTeachingDay).insert(skipped.map((s) => ({ cohortId: cohort.id, date: s.date, holiday: s.holiday })));
    return days.length;
  }

  /** The next teaching days of a cohort from a date on, for the student's timeline. */
  upcomingDays(cohortId: number, fromDate: string, limit = 3): Promise<TeachingDay[]> {
    return this.repository.upcomingDays(cohortId, fromDate, limit);
  }

  /** Every teaching day of a cohort, cancelled ones included (callers filter), for placing on the timeline. */
  allDays(cohortId: number): Promise<TeachingDay[]> {
    return this.repository.allDays(cohortId);
  }

  async rateForEnrolment(enrolmentId: number, threshold: number): Promise<AttendanceRate> {
    return (await this.rates([enrolmentId], threshold)).get(enrolmentId)!;
  }

  /** Attendance per enrolment, counted in the database: cancelled days never count. */
  async rates(enrolmentIds: number[], threshold: number): Promise<Map<number, AttendanceRate>> {
    const result = new Map<number, AttendanceRate>(enrolmentIds.map((id) => [id, attendanceRate({}, threshold)]));
    if (enrolmentIds.length === 0) return result;
    const counts = await this.repository.countsByStatus(enrolmentIds);
    for (const [id, byStatus] of counts) result.set(id, attendanceRate(byStatus, threshold));
    return result;
  }
}
