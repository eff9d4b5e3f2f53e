import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThan } from 'typeorm';
import { Invitation } from '../accounts/invitation.entity';
import { AttendanceChange, AttendanceRecord } from '../attendance/attendance-record.entity';
import { TeachingDay } from '../attendance/teaching-day.entity';
import { AssignmentFeedback, AssignmentSubmission } from '../assignments/submission.entity';
import { Certificate } from '../certificates/certificate.entity';
import { Enrolment } from '../cohorts/enrolment.entity';
import { ModuleSignoff } from '../learning/module-signoff.entity';
import { LedgerRecord } from '../ledger/ledger-record.entity';
import { PracticeEntry } from '../practice/practice-entry.entity';
import { EmployerConsent } from '../progress/consent.entity';
import { EmployerView } from '../progress/employer-view.entity';
import { User } from '../users/user.entity';
import { isoMillis, paged } from './archive';
import type { Lookups } from './lookups';

/**
 * What the person did to records about others (a supervisor's sign-offs and comments, an employer's looks, a
 * coordinator's attendance), and the relations they hold to others. Each names whose record it was, and holds
 * the person's own words, never the other person's texts.
 */
@Injectable()
export class ActsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo<T extends object>(entity: new () => T) {
    return this.dataSource.getRepository(entity);
  }

  /** The enrolments the person follows as supervisor or assessor. */
  async supervising(userId: number, names: Lookups) {
    const supervised = await this.repo(Enrolment)
      .createQueryBuilder('e')
      .innerJoin('e.supervisors', 's', 's.id = :userId', { userId })
      .select(['e.id'])
      .getMany();
    const assessed = await this.repo(Enrolment).find({ select: { id: true }, where: { assessorId: userId } });
    const ids = [...new Set([...supervised, ...assessed].map((e) => e.id))].sort((a, b) => a - b);
    await names.loadEnrolments(ids);
    return ids.map((id) => ({
      id,
      ...names.enrolment(id),
      as: [...(supervised.some((e) => e.id === id) ? ['supervisor'] : []), ...(assessed.some((e) => e.id === id) ? ['assessor'] : [])],
    }));
  }

  async coordinating(userId: number, names: Lookups) {
    const rows: { cohort_id: number }[] = await this.dataSource
      .createQueryBuilder()
      .select('cc.cohort_id', 'cohort_id')
      .from('cohort_coordinators', 'cc')
      .where('cc.user_id = :userId', { userId })
      .orderBy('cc.cohort_id', 'ASC')
      .getRawMany();
    const ids = rows.map((r) => Number(r.cohort_id));
    await names.loadCohorts(ids);
    return ids.map((id) => names.cohort(id));
  }

  async signoffsMade(userId: number, names: Lookups) {
    const rows = await this.repo(ModuleSignoff).find({ where: { decidedBy: userId }, order: { id: 'ASC' } });
    await names.loadEnrolments(rows.map((r) => r.enrolmentId));
    return rows.map((r) => ({ id: r.id, about: names.enrolment(r.enrolmentId), module: r.moduleKey, decision: r.decision, comment: r.comment, decidedAt: r.decidedAt }));
  }

  /** The practice entries the person last approved or returned: the decision and their comment, not the entry's text. */
  async decisionsMade(userId: number, names: Lookups) {
    const rows = await this.repo(PracticeEntry).find({
      select: { id: true, enrolmentId: true, date: true, quarterHours: true, state: true, returnComment: true, decidedAt: true },
      where: { decidedBy: userId },
      order: { id: 'ASC' },
    });
    await names.loadEnrolments(rows.map((r) => r.enrolmentId));
    return rows.map((r) => ({ id: r.id, about: names.enrolment(r.enrolmentId), date: r.date, hours: r.quarterHours / 4, state: r.state, returnComment: r.returnComment, decidedAt: r.decidedAt }));
  }

  async feedbackGiven(userId: number, names: Lookups) {
    const rows = await this.repo(AssignmentFeedback).find({ where: { assessorId: userId }, order: { id: 'ASC' } });
    const submissions = await this.repo(AssignmentSubmission).find({
      select: { id: true, enrolmentId: true, milestoneKey: true, number: true },
      where: { id: In(rows.map((r) => r.submissionId)) },
    });
    await names.loadEnrolments(submissions.map((s) => s.enrolmentId));
    return rows.map((r) => {
      const s = submissions.find((x) => x.id === r.submissionId);
      return { id: r.id, about: names.enrolment(s?.enrolmentId), milestone: s?.milestoneKey ?? null, number: s?.number ?? null, decision: r.decision, text: r.text, createdAt: r.createdAt };
    });
  }

  /** Attendance the person recorded, and changes they made to it. */
  async attendanceKept(userId: number, names: Lookups) {
    const records = await this.repo(AttendanceRecord).find({ where: { recordedBy: userId }, order: { id: 'ASC' } });
    const changes = await this.repo(AttendanceChange).find({ where: { changedBy: userId }, order: { id: 'ASC' } });
    const days = await this.repo(TeachingDay).find({ select: { id: true, date: true }, where: { id: In([...records, ...changes].map((r) => r.teachingDayId)) } });
    await names.loadEnrolments([...records, ...changes].map((r) => r.enrolmentId));
    const date = (id: number) => days.find((d) => d.id === id)?.date ?? null;
    return [
      ...records.map((r) => ({ id: r.id, act: 'recorded', about: names.enrolment(r.enrolmentId), date: date(r.teachingDayId), status: r.status, at: r.recordedAt })),
      ...changes.map((c) => ({ id: c.id, act: 'changed', about: names.enrolment(c.enrolmentId), date: date(c.teachingDayId), from: c.oldStatus, status: c.newStatus, at: c.changedAt })),
    ];
  }

  /** An employer contact's: the consents trainees gave or withdrew to their organisation. */
  async consentsReceived(userId: number, names: Lookups) {
    const user = await this.repo(User).findOne({ where: { id: userId } });
    if (!user?.organisationId || !user.roleRows?.some((r) => r.role === 'employer')) return [];
    const rows = await this.repo(EmployerConsent).find({ where: { organisationId: user.organisationId }, order: { id: 'ASC' } });
    await names.loadEnrolments(rows.map((r) => r.enrolmentId));
    return rows.map((r) => ({ id: r.id, about: names.enrolment(r.enrolmentId), granted: r.granted, cause: r.cause, changedAt: r.changedAt }));
  }

  async employerLooksMade(userId: number, names: Lookups) {
    const rows = await this.repo(EmployerView).find({ where: { viewerId: userId }, order: { id: 'ASC' } });
    await names.loadEnrolments(rows.map((r) => r.enrolmentId));
    return rows.map((r) => ({ id: r.id, about: names.enrolment(r.enrolmentId), kind: r.kind, viewedAt: r.viewedAt }));
  }

  async certificatesIssued(userId: number, names: Lookups) {
    const rows = await this.repo(Certificate).find({ where: [{ issuedBy: userId }, { revokedBy: userId }], order: { id: 'ASC' } });
    await names.loadEnrolments(rows.map((r) => r.enrolmentId));
    return rows.map((r) => ({
      id: r.id,
      about: names.enrolment(r.enrolmentId),
      issuedAt: r.issuedBy === userId ? r.issuedAt : null,
      revokedAt: r.revokedBy === userId ? r.revokedAt : null,
      revokeReason: r.revokedBy === userId ? r.revokeReason : null,
    }));
  }

  async invitationsSent(userId: number, names: Lookups) {
    const rows = await this.repo(Invitation).find({ where: { createdBy: userId }, order: { id: 'ASC' } });
    await names.loadPeople(rows.map((r) => r.userId));
    await names.loadCohorts(rows.map((r) => r.cohortId));
    return rows.map((r) => ({
      id: r.id,
      invited: names.person(r.userId),
      cohort: names.cohort(r.cohortId)?.name ?? null,
      createdAt: r.createdAt,
      usedAt: isoMillis(r.usedAt),
      withdrawnAt: isoMillis(r.withdrawnAt),
    }));
  }

  /**
   * The ledger records of the person's own acts, without their content: a record of a sign-off holds the
   * student's entry as it was, which is the student's to see.
   */
  async *ledgerActs(userId: number) {
    const rows = paged((after, limit) =>
      this.repo(LedgerRecord).find({
        select: { id: true, sequence: true, action: true, subjectType: true, subjectId: true, enrolmentId: true, recordedAt: true, hash: true },
        where: { actorId: userId, id: MoreThan(after) },
        order: { id: 'ASC' },
        take: limit,
      }),
    );
    for await (const r of rows) {
      yield { id: r.id, sequence: r.sequence, action: r.action, about: { type: r.subjectType, id: r.subjectId, enrolmentId: r.enrolmentId }, recordedAt: r.recordedAt, hash: r.hash };
    }
  }
}
