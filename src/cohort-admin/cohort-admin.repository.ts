import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AttendanceRecord } from '../attendance/attendance-record.entity';
import { TeachingDay } from '../attendance/teaching-day.entity';
import { Cohort } from '../cohorts/cohort.entity';
import { Enrolment } from '../cohorts/enrolment.entity';
import { User, UserRole } from '../users/user.entity';

/**
 * The writes of a cohort's administration and the lists its forms choose from. An update names the
 * version the form was made from and says whether it still held, so a second editor gets a conflict.
 */
@Injectable()
export class CohortAdminRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Renames and moves a cohort, and sets its usual hours and place, if it is still at `version`; false when someone changed it in between. */
  async updateCohort(
    manager: EntityManager,
    id: number,
    version: number,
    changes: { name: string; startDate: string; startTime: string; endTime: string; place: string },
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Cohort)
      .set({ ...changes, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return Boolean(result.affected);
  }

  async replaceCoordinators(manager: EntityManager, cohortId: number, userIds: number[]): Promise<void> {
    await manager.createQueryBuilder().delete().from('cohort_coordinators').where('cohort_id = :id', { id: cohortId }).execute();
    for (const id of userIds) await manager.insert('cohort_coordinators', { cohort_id: cohortId, user_id: id });
  }

  /** Sets an enrolment's employer if it is still at `version`; false when someone changed it in between. */
  async updateEnrolment(manager: EntityManager, id: number, version: number, employerOrganisationId: number | null): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Enrolment)
      .set({ employerOrganisationId, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return Boolean(result.affected);
  }

  async replaceSupervisors(manager: EntityManager, enrolmentId: number, userIds: number[]): Promise<void> {
    await manager.createQueryBuilder().delete().from('enrolment_supervisors').where('enrolment_id = :id', { id: enrolmentId }).execute();
    for (const id of userIds) await manager.insert('enrolment_supervisors', { enrolment_id: enrolmentId, user_id: id });
  }

  /** Whether attendance was taken on any of the cohort's teaching days. */
  hasAttendance(cohortId: number): Promise<boolean> {
    return this.dataSource.manager
      .createQueryBuilder(AttendanceRecord, 'r')
      .innerJoin(TeachingDay, 'd', 'd.id = r.teachingDayId')
      .where('d.cohortId = :cohortId', { cohortId })
      .getExists();
  }

  /** The active accounts holding a role, by name. */
  activeWithRole(role: 'coordinator' | 'supervisor'): Promise<User[]> {
    return this.dataSource.manager
      .createQueryBuilder(User, 'u')
      .innerJoin(UserRole, 'r', 'r.userId = u.id AND r.role = :role', { role })
      .where('u.active = :active', { active: true })
      .orderBy('u.name', 'ASC')
      .getMany();
  }
}
