import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { Cohort } from '../cohorts/cohort.entity';
import type { CurriculumVersion } from '../curricula/curriculum-version.entity';
import type { Weekday } from '../curricula/curriculum.types';
import { AttendanceRate, attendanceRate } from '../cohorts/attendance-rate';
import { AttendanceRecord } from './attendance-record.entity';
import { TeachingDay } from './teaching-day.entity';
import { generateTeachingDays } from './teaching-days';

@Injectable()
export class AttendanceService {
  constructor(
    @InjectRepository(TeachingDay) private readonly days: Repository<TeachingDay>,
    @InjectRepository(AttendanceRecord) private readonly records: Repository<AttendanceRecord>,
  ) {}

  /** Creates the cohort's teaching days from its programme's schedule on the cohort's weekdays. */
  async generateForCohort(manager: EntityManager, cohort: Cohort, programme: CurriculumVersion): Promise<number> {
    const weekdays = (cohort.teachingWeekdays?.length ? cohort.teachingWeekdays : programme.content.schedule.weekdays) as Weekday[];
    const dates = generateTeachingDays(cohort.startDate, programme.content, weekdays);
    const repo = manager.getRepository(TeachingDay);
    for (let i = 0; i < dates.length; i += 100) {
      await repo.insert(dates.slice(i, i + 100).map((date) => ({ cohortId: cohort.id, date, cancelled: false })));
    }
    return dates.length;
  }

  /** The next teaching days of a cohort from a date on, for the student's timeline. */
  upcomingDays(cohortId: number, fromDate: string, limit = 3): Promise<TeachingDay[]> {
    return this.days
      .createQueryBuilder('d')
      .where('d.cohortId = :cohortId AND d.date >= :fromDate AND d.cancelled = :cancelled', { cohortId, fromDate, cancelled: false })
      .orderBy('d.date', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Every teaching day of a cohort, cancelled ones included (callers filter), for placing on the timeline. */
  allDays(cohortId: number): Promise<TeachingDay[]> {
    return this.days.find({ where: { cohortId }, order: { date: 'ASC' } });
  }

  async rateForEnrolment(enrolmentId: number, threshold: number): Promise<AttendanceRate> {
    return (await this.rates([enrolmentId], threshold)).get(enrolmentId)!;
  }

  /** Attendance per enrolment, counted in the database: cancelled days never count. */
  async rates(enrolmentIds: number[], threshold: number): Promise<Map<number, AttendanceRate>> {
    const result = new Map<number, AttendanceRate>(enrolmentIds.map((id) => [id, attendanceRate({}, threshold)]));
    if (enrolmentIds.length === 0) return result;
    const rows: { enrolmentId: number; status: string; count: string | number }[] = await this.records
      .createQueryBuilder('r')
      .innerJoin(TeachingDay, 'd', 'd.id = r.teachingDayId')
      .select('r.enrolmentId', 'enrolmentId')
      .addSelect('r.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .where('r.enrolmentId IN (:...enrolmentIds)', { enrolmentIds })
      .andWhere('d.cancelled = :cancelled', { cancelled: false })
      .groupBy('r.enrolmentId')
      .addGroupBy('r.status')
      .getRawMany();
    const counts = new Map<number, Record<string, number>>();
    for (const row of rows) {
      const id = Number(row.enrolmentId);
      counts.set(id, { ...counts.get(id), [row.status]: Number(row.count) });
    }
    for (const [id, byStatus] of counts) result.set(id, attendanceRate(byStatus, threshold));
    return result;
  }
}
