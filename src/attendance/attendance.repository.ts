import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { Enrolment } from '../cohorts/enrolment.entity';
import { User } from '../users/user.entity';
import { AttendanceRecord, type AttendanceStatus } from './attendance-record.entity';
import { TeachingDay } from './teaching-day.entity';

/** What the coordinator may change about a teaching day once it exists. */
export type DayChange = Partial<Pick<TeachingDay, 'date' | 'cancelled' | 'startTime' | 'endTime' | 'place'>>;

/** The attendance register: a cohort's teaching days and what was recorded for each student on them. */
@Injectable()
export class AttendanceRepository {
  constructor(
    @InjectRepository(TeachingDay) private readonly days: Repository<TeachingDay>,
    @InjectRepository(AttendanceRecord) private readonly records: Repository<AttendanceRecord>,
    @InjectRepository(Enrolment) private readonly enrolments: Repository<Enrolment>,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  /** The next teaching days of a cohort that are held, from a date on. */
  upcomingDays(cohortId: number, fromDate: string, limit: number): Promise<TeachingDay[]> {
    return this.days
      .createQueryBuilder('d')
      .where('d.cohortId = :cohortId AND d.date >= :fromDate AND d.cancelled = :cancelled', { cohortId, fromDate, cancelled: false })
      .orderBy('d.date', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Every teaching day of a cohort, cancelled ones included. */
  allDays(cohortId: number): Promise<TeachingDay[]> {
    return this.days.find({ where: { cohortId }, order: { date: 'ASC' } });
  }

  /** Records per enrolment and status on days that were held, counted in one statement. */
  async countsByStatus(enrolmentIds: number[]): Promise<Map<number, Record<string, number>>> {
    const counts = new Map<number, Record<string, number>>();
    if (enrolmentIds.length === 0) return counts;
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
    for (const row of rows) {
      const id = Number(row.enrolmentId);
      counts.set(id, { ...counts.get(id), [row.status]: Number(row.count) });
    }
    return counts;
  }

  /** How many students have attendance recorded, per day of the cohort. */
  async recordedPerDay(cohortId: number): Promise<Map<number, number>> {
    const rows: { dayId: number | string; count: number | string }[] = await this.records
      .createQueryBuilder('r')
      .innerJoin(TeachingDay, 'd', 'd.id = r.teachingDayId')
      .select('r.teachingDayId', 'dayId')
      .addSelect('COUNT(*)', 'count')
      .where('d.cohortId = :cohortId', { cohortId })
      .groupBy('r.teachingDayId')
      .getRawMany();
    return new Map(rows.map((row) => [Number(row.dayId), Number(row.count)]));
  }

  /**
   * The day, read again inside the transaction. On PostgreSQL the row stays locked until the
   * transaction ends, so a move and an attendance save of the same day take turns; SQLite's
   * transactions already run one at a time.
   */
  async lockDay(manager: EntityManager, cohortId: number, dayId: number): Promise<TeachingDay | null> {
    const query = manager.getRepository(TeachingDay).createQueryBuilder('d').where('d.id = :dayId AND d.cohortId = :cohortId', { dayId, cohortId });
    if (manager.connection.options.type === 'postgres') query.setLock('pessimistic_write');
    return query.getOne();
  }

  /** Changes the day only if nobody else has since it was read (version unchanged); answers whether it did. */
  async changeDayIfUnchanged(manager: EntityManager, day: TeachingDay, change: DayChange): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(TeachingDay)
      .set({ ...change, version: () => 'version + 1' })
      .where({ id: day.id, version: day.version })
      .execute();
    return result.affected === 1;
  }

  /** Gives these students' existing records of the day one status, in one statement. */
  async setStatus(manager: EntityManager, dayId: number, enrolmentIds: number[], status: AttendanceStatus, recordedBy: number): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(AttendanceRecord)
      .set({ status, recordedBy, recordedAt: () => 'CURRENT_TIMESTAMP' })
      .where({ teachingDayId: dayId, enrolmentId: In(enrolmentIds) })
      .execute();
  }

  /** The cohort's students: enrolment and name. */
  async studentsOf(cohortId: number): Promise<{ enrolmentId: number; name: string }[]> {
    const rows: { enrolmentId: number | string; name: string }[] = await this.enrolments
      .createQueryBuilder('e')
      .innerJoin('e.student', 's')
      .select('e.id', 'enrolmentId')
      .addSelect('s.name', 'name')
      .where('e.cohortId = :cohortId', { cohortId })
      .getRawMany();
    return rows.map((row) => ({ enrolmentId: Number(row.enrolmentId), name: row.name }));
  }

  /** Names of the people who recorded changes, by id. */
  async names(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const people = await this.users.createQueryBuilder('u').select(['u.id', 'u.name']).where('u.id IN (:...ids)', { ids }).getMany();
    return new Map(people.map((p) => [p.id, p.name]));
  }
}
