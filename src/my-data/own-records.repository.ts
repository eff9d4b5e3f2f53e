import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThan } from 'typeorm';
import { AttendanceChange, AttendanceRecord } from '../attendance/attendance-record.entity';
import { TeachingDay } from '../attendance/teaching-day.entity';
import { AssignmentFeedback, AssignmentSubmission, SubmissionFile } from '../assignments/submission.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { SessionRow } from '../auth/session.entity';
import { Certificate } from '../certificates/certificate.entity';
import { Enrolment } from '../cohorts/enrolment.entity';
import { LessonProgress } from '../learning/lesson-progress.entity';
import { ModuleSignoff } from '../learning/module-signoff.entity';
import { Reflection } from '../learning/reflection.entity';
import { LedgerRecord } from '../ledger/ledger-record.entity';
import { Invitation } from '../accounts/invitation.entity';
import { PasswordReset } from '../accounts/password-reset.entity';
import { OutboxMessage } from '../mail/outbox-message.entity';
import { Notification, NotificationDigest, NotificationPreference } from '../notifications/notification.entity';
import { PracticeEntry } from '../practice/practice-entry.entity';
import { EmployerConsent } from '../progress/consent.entity';
import { EmployerView } from '../progress/employer-view.entity';
import { ErasureRequest } from '../erasure/erasure-request.entity';
import { RecoveryCode, SecondFactor } from '../second-factor/second-factor.entity';
import { SignInLink } from '../users/sign-in-link.entity';
import { User } from '../users/user.entity';
import { describeUserAgent } from '../accounts/user-agent';
import { isoMillis, paged } from './archive';
import type { Lookups } from './lookups';

/** A stored attachment of one of the person's hand-ins, with where it lies on disk. */
export interface StoredAttachment {
  submissionId: number;
  fileId: number;
  originalName: string;
  storedName: string;
}

/** The ledger's records of one of the person's enrolments, by what they are about ("practice_entry:12"). */
type History = Map<string, object[]>;

/**
 * What is stored about the person themselves: their account, their enrolments and everything hanging off
 * them, what was sent to them and how they signed in. Never another student's record.
 */
@Injectable()
export class OwnRecordsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo<T extends object>(entity: new () => T) {
    return this.dataSource.getRepository(entity);
  }

  async account(userId: number, names: Lookups) {
    const user = await this.repo(User).findOneOrFail({ where: { id: userId } });
    await names.loadOrganisations([user.organisationId]);
    return {
      id: user.id,
      name: user.name,
      email: user.email,
      locale: user.locale,
      active: user.active,
      roles: user.roleRows.map((r) => r.role).sort(),
      organisation: user.organisationId ? { id: user.organisationId, name: names.organisation(user.organisationId) } : null,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
      lastSignInAt: isoMillis(user.lastSignInAt),
    };
  }

  async enrolmentIds(userId: number): Promise<number[]> {
    const rows = await this.repo(Enrolment).find({ select: { id: true }, where: { studentId: userId } });
    return rows.map((r) => r.id);
  }

  async enrolments(userId: number, names: Lookups) {
    const rows = await this.repo(Enrolment).find({ where: { studentId: userId }, relations: { supervisors: true }, order: { id: 'ASC' } });
    await names.loadCohorts(rows.map((e) => e.cohortId));
    await names.loadOrganisations(rows.map((e) => e.employerOrganisationId));
    await names.loadPeople(rows.map((e) => e.assessorId));
    return rows.map((e) => ({
      id: e.id,
      cohort: names.cohort(e.cohortId),
      employer: e.employerOrganisationId ? { id: e.employerOrganisationId, name: names.organisation(e.employerOrganisationId) } : null,
      supervisors: (e.supervisors ?? []).map((s) => s.name).sort(),
      assessor: names.person(e.assessorId),
      createdAt: e.createdAt,
    }));
  }

  async lessonsDone(enrolmentIds: number[]) {
    const rows = await this.repo(LessonProgress).find({ where: { enrolmentId: In(enrolmentIds) }, order: { completedAt: 'ASC' } });
    return rows.map((r) => ({ enrolmentId: r.enrolmentId, module: r.moduleKey, lesson: r.lessonKey, completedAt: r.completedAt }));
  }

  async reflections(enrolmentIds: number[]) {
    const rows = await this.repo(Reflection).find({ where: { enrolmentId: In(enrolmentIds) }, order: { id: 'ASC' } });
    return rows.map((r) => ({
      id: r.id,
      enrolmentId: r.enrolmentId,
      module: r.moduleKey,
      prompt: r.promptKey,
      text: r.text,
      themes: r.themes,
      shared: r.shared,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    }));
  }

  /** Every ledger record of the person's enrolments, grouped by the record it is about, with who acted. */
  async history(enrolmentIds: number[], names: Lookups): Promise<History> {
    const rows = await this.repo(LedgerRecord).find({ where: { enrolmentId: In(enrolmentIds) }, order: { sequence: 'ASC' } });
    await names.loadPeople(rows.map((r) => r.actorId));
    const history: History = new Map();
    for (const r of rows) {
      const key = `${r.subjectType}:${r.subjectId}`;
      const list = history.get(key) ?? [];
      list.push({ id: r.id, sequence: r.sequence, action: r.action, by: names.person(r.actorId), recordedAt: r.recordedAt, content: r.payload, hash: r.hash });
      history.set(key, list);
    }
    return history;
  }

  async moduleSignoffs(enrolmentIds: number[], history: History, names: Lookups) {
    const rows = await this.repo(ModuleSignoff).find({ where: { enrolmentId: In(enrolmentIds) }, order: { id: 'ASC' } });
    await names.loadPeople(rows.map((r) => r.decidedBy));
    return rows.map((r) => ({
      id: r.id,
      enrolmentId: r.enrolmentId,
      module: r.moduleKey,
      decision: r.decision,
      comment: r.comment,
      decidedBy: names.person(r.decidedBy),
      decidedAt: r.decidedAt,
      history: history.get(`module_signoff:${r.id}`) ?? [],
    }));
  }

  async practiceEntries(enrolmentIds: number[], history: History, names: Lookups) {
    const rows = await this.repo(PracticeEntry).find({ where: { enrolmentId: In(enrolmentIds) }, order: { date: 'ASC', id: 'ASC' } });
    await names.loadPeople(rows.map((r) => r.decidedBy));
    await names.loadOrganisations(rows.map((r) => r.placementId));
    return rows.map((r) => ({
      id: r.id,
      enrolmentId: r.enrolmentId,
      date: r.date,
      hours: r.quarterHours / 4,
      placement: names.organisation(r.placementId),
      category: r.category,
      description: r.description,
      reflection: r.reflection,
      reflectionThemes: r.reflectionThemes,
      reflectionShared: r.reflectionShared,
      state: r.state,
      returnComment: r.returnComment,
      submittedAt: r.submittedAt,
      decidedAt: r.decidedAt,
      decidedBy: names.person(r.decidedBy),
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      history: history.get(`practice_entry:${r.id}`) ?? [],
    }));
  }

  /** The hand-ins with their files and feedback; `place` says where each file lies in the archive, or null when it is gone from disk. */
  async handIns(enrolmentIds: number[], history: History, names: Lookups, place: (file: SubmissionFile) => string | null) {
    const rows = await this.repo(AssignmentSubmission).find({ where: { enrolmentId: In(enrolmentIds) }, order: { id: 'ASC' } });
    const ids = rows.map((r) => r.id);
    const files = await this.repo(SubmissionFile).find({ where: { submissionId: In(ids) }, order: { id: 'ASC' } });
    const feedback = await this.repo(AssignmentFeedback).find({ where: { submissionId: In(ids) }, order: { id: 'ASC' } });
    await names.loadPeople([...rows.map((r) => r.submittedBy), ...feedback.map((f) => f.assessorId)]);
    return rows.map((r) => ({
      id: r.id,
      enrolmentId: r.enrolmentId,
      milestone: r.milestoneKey,
      number: r.number,
      text: r.text,
      state: r.state,
      submittedBy: names.person(r.submittedBy),
      submittedAt: r.submittedAt,
      files: files
        .filter((f) => f.submissionId === r.id)
        .map((f) => ({ id: f.id, name: f.originalName, mediaType: f.mediaType, sizeBytes: f.sizeBytes, sha256: f.sha256, inArchive: place(f) })),
      feedback: feedback
        .filter((f) => f.submissionId === r.id)
        .map((f) => ({ id: f.id, assessor: names.person(f.assessorId), decision: f.decision, text: f.text, createdAt: f.createdAt })),
      history: history.get(`assignment_submission:${r.id}`) ?? [],
    }));
  }

  async attachments(enrolmentIds: number[]): Promise<StoredAttachment[]> {
    const files = await this.repo(SubmissionFile)
      .createQueryBuilder('f')
      .innerJoin(AssignmentSubmission, 's', 's.id = f.submission_id')
      .where('s.enrolment_id IN (:...enrolmentIds)', { enrolmentIds: enrolmentIds.length ? enrolmentIds : [0] })
      .orderBy('f.id', 'ASC')
      .getMany();
    return files.map((f) => ({ submissionId: f.submissionId, fileId: f.id, originalName: f.originalName, storedName: f.storedName }));
  }

  /** Attendance per teaching day, each with the changes made to it since first recorded. */
  async attendance(enrolmentIds: number[], names: Lookups) {
    const records = await this.repo(AttendanceRecord).find({ where: { enrolmentId: In(enrolmentIds) }, order: { id: 'ASC' } });
    const changes = await this.repo(AttendanceChange).find({ where: { enrolmentId: In(enrolmentIds) }, order: { id: 'ASC' } });
    const days = await this.repo(TeachingDay).find({ where: { id: In([...records, ...changes].map((r) => r.teachingDayId)) } });
    await names.loadCohorts(days.map((d) => d.cohortId));
    await names.loadPeople([...records.map((r) => r.recordedBy), ...changes.map((c) => c.changedBy)]);
    const day = (id: number) => {
      const found = days.find((d) => d.id === id);
      return found ? { date: found.date, cohort: names.cohort(found.cohortId)?.name ?? null } : null;
    };
    const changesOf = (teachingDayId: number, enrolmentId: number) =>
      changes
        .filter((c) => c.teachingDayId === teachingDayId && c.enrolmentId === enrolmentId)
        .map((c) => ({ id: c.id, from: c.oldStatus, to: c.newStatus, changedBy: names.person(c.changedBy), changedAt: c.changedAt }));
    const recorded = records.map((r) => ({
      id: r.id,
      enrolmentId: r.enrolmentId,
      teachingDay: day(r.teachingDayId),
      status: r.status,
      recordedBy: names.person(r.recordedBy),
      recordedAt: r.recordedAt,
      changes: changesOf(r.teachingDayId, r.enrolmentId),
    }));
    // A change whose record is gone still belongs to the person's history.
    const orphans = changes.filter((c) => !records.some((r) => r.teachingDayId === c.teachingDayId && r.enrolmentId === c.enrolmentId));
    const unrecorded = [...new Set(orphans.map((c) => `${c.teachingDayId}:${c.enrolmentId}`))].map((key) => {
      const [teachingDayId, enrolmentId] = key.split(':').map(Number);
      return { id: null, enrolmentId, teachingDay: day(teachingDayId), status: null, recordedBy: null, recordedAt: null, changes: changesOf(teachingDayId, enrolmentId) };
    });
    return [...recorded, ...unrecorded];
  }

  async consents(enrolmentIds: number[], names: Lookups) {
    const rows = await this.repo(EmployerConsent).find({ where: { enrolmentId: In(enrolmentIds) }, order: { id: 'ASC' } });
    await names.loadOrganisations(rows.map((r) => r.organisationId));
    return rows.map((r) => ({ id: r.id, enrolmentId: r.enrolmentId, employer: names.organisation(r.organisationId), granted: r.granted, cause: r.cause, changedAt: r.changedAt }));
  }

  /** Each time someone at an employer looked at the person's progress or exported it. */
  async employerLooks(enrolmentIds: number[], names: Lookups) {
    const rows = await this.repo(EmployerView).find({ where: { enrolmentId: In(enrolmentIds) }, order: { id: 'ASC' } });
    await names.loadPeople(rows.map((r) => r.viewerId));
    await names.loadOrganisations(rows.map((r) => r.organisationId));
    return rows.map((r) => ({ id: r.id, enrolmentId: r.enrolmentId, kind: r.kind, viewer: names.person(r.viewerId), employer: names.organisation(r.organisationId), viewedAt: r.viewedAt }));
  }

  async certificates(enrolmentIds: number[], history: History, names: Lookups) {
    const rows = await this.repo(Certificate).find({ where: { enrolmentId: In(enrolmentIds) }, order: { id: 'ASC' } });
    await names.loadPeople(rows.flatMap((r) => [r.issuedBy, r.revokedBy]));
    return rows.map((r) => ({
      id: r.id,
      enrolmentId: r.enrolmentId,
      code: r.code,
      name: r.studentName,
      programme: r.programmeTitle,
      cohort: r.cohortName,
      startDate: r.startDate,
      endDate: r.endDate,
      hoursApproved: r.quarterHoursApproved / 4,
      issuedBy: names.person(r.issuedBy),
      issuedAt: r.issuedAt,
      revokedBy: names.person(r.revokedBy),
      revokedAt: r.revokedAt,
      revokeReason: r.revokeReason,
      history: history.get(`certificate:${r.id}`) ?? [],
    }));
  }

  notifications(userId: number) {
    return mapped(
      paged((after, limit) => this.repo(Notification).find({ where: { userId, id: MoreThan(after) }, order: { id: 'ASC' }, take: limit })),
      (n: Notification) => ({
        id: n.id,
        kind: n.kind,
        content: n.data,
        link: n.link,
        createdAt: isoMillis(n.createdAt),
        lastEventAt: isoMillis(n.lastEventAt),
        readAt: isoMillis(n.readAt),
        delivery: n.delivery,
        mailedAt: isoMillis(n.mailedAt),
      }),
    );
  }

  async notificationPreferences(userId: number) {
    const rows = await this.repo(NotificationPreference).find({ where: { userId }, order: { kind: 'ASC' } });
    return rows.map((r) => ({ kind: r.kind, choice: r.choice, updatedAt: isoMillis(r.updatedAt) }));
  }

  async notificationDigests(userId: number) {
    const rows = await this.repo(NotificationDigest).find({ where: { userId }, order: { day: 'ASC' } });
    return rows.map((r) => ({ day: r.day, sentAt: isoMillis(r.sentAt) }));
  }

  /**
   * Events of the audit log where the person acted or was acted on: sign-ins, changes to their account. The
   * address from which someone else acted is that person's, so it is shown only on the person's own acts.
   */
  signInHistory(userId: number, names: Lookups) {
    const events = paged((after, limit) =>
      this.repo(AuditEvent)
        .createQueryBuilder('e')
        .where('(e.actor_id = :userId OR e.subject_id = :userId)', { userId })
        .andWhere('e.id > :after', { after })
        .orderBy('e.id', 'ASC')
        .limit(limit)
        .getMany(),
    );
    return (async function* () {
      for await (const e of events) {
        await names.loadPeople([e.actorId, e.subjectId]);
        const own = e.actorId === userId;
        yield {
          id: e.id,
          at: isoMillis(e.at),
          kind: e.kind,
          actor: own ? 'you' : names.person(e.actorId),
          subject: e.subjectId === userId ? 'you' : names.person(e.subjectId),
          object: e.objectType ? { type: e.objectType, id: e.objectId } : null,
          address: own ? e.address : null,
          detail: e.detail,
        };
      }
    })();
  }

  /** The person's identities at the single sign-on provider, tied to their account. */
  async signInLinks(userId: number) {
    const rows = await this.repo(SignInLink).find({ where: { userId }, order: { id: 'ASC' } });
    return rows.map((row) => ({ id: row.id, issuer: row.issuer, subject: row.subject, createdAt: row.createdAt }));
  }

  /** Whether the person has a second factor and since when; never its secret. */
  async secondFactor(userId: number) {
    const row = await this.repo(SecondFactor).findOne({ where: { userId } });
    return row ? [{ enabled: row.enabledAt !== null, enabledAt: isoMillis(row.enabledAt), createdAt: row.createdAt }] : [];
  }

  /** The person's recovery codes as when made and when used; never the codes, which are kept only as hashes. */
  async recoveryCodes(userId: number) {
    const rows = await this.repo(RecoveryCode).find({ where: { userId }, order: { id: 'ASC' } });
    return rows.map((row) => ({ id: row.id, createdAt: row.createdAt, usedAt: isoMillis(row.usedAt) }));
  }

  /** The person's requests to have their data erased, and what became of them. */
  async erasureRequests(userId: number) {
    const rows = await this.repo(ErasureRequest).find({ where: { userId }, order: { id: 'ASC' } });
    return rows.map((row) => ({
      id: row.id,
      state: row.state,
      requestedAt: isoMillis(row.requestedAt),
      requestedByYou: row.requestedBy === userId,
      cancelledAt: isoMillis(row.cancelledAt),
      completedAt: isoMillis(row.completedAt),
    }));
  }

  /** The person's sessions: when, until when and on what device, never the session's id or data. */
  async sessions(userId: number) {
    const rows = await this.repo(SessionRow).find({ where: { userId }, withDeleted: true, order: { expiredAt: 'ASC' } });
    return rows.map((row) => {
      let data: { signedInAt?: unknown; userAgent?: unknown } = {};
      try {
        data = JSON.parse(row.json) as typeof data;
      } catch {
        // A row that cannot be read still shows its times.
      }
      const userAgent = typeof data.userAgent === 'string' ? data.userAgent : null;
      return {
        signedInAt: typeof data.signedInAt === 'number' ? isoMillis(data.signedInAt) : null,
        expiresAt: isoMillis(row.expiredAt),
        endedAt: row.destroyedAt ?? null,
        userAgent,
        device: userAgent ? describeUserAgent(userAgent) : null,
      };
    });
  }

  async invitations(userId: number, names: Lookups) {
    const rows = await this.repo(Invitation).find({ where: { userId }, order: { id: 'ASC' } });
    await names.loadPeople(rows.map((r) => r.createdBy));
    await names.loadCohorts(rows.map((r) => r.cohortId));
    return rows.map((r) => ({
      id: r.id,
      invitedBy: names.person(r.createdBy),
      cohort: names.cohort(r.cohortId)?.name ?? null,
      createdAt: r.createdAt,
      expiresAt: isoMillis(r.expiresAt),
      usedAt: isoMillis(r.usedAt),
      withdrawnAt: isoMillis(r.withdrawnAt),
    }));
  }

  async passwordResets(userId: number) {
    const rows = await this.repo(PasswordReset).find({ where: { userId }, order: { id: 'ASC' } });
    return rows.map((r) => ({ id: r.id, createdAt: r.createdAt, expiresAt: isoMillis(r.expiresAt), usedAt: isoMillis(r.usedAt) }));
  }

  /** The e-mail sent to the person's address and still kept: what it was and when, without the body and its links. */
  messages(email: string) {
    return mapped(
      paged((after, limit) =>
        this.repo(OutboxMessage).find({
          select: { id: true, template: true, subject: true, locale: true, state: true, createdAt: true, sentAt: true },
          where: { toAddress: email, id: MoreThan(after) },
          order: { id: 'ASC' },
          take: limit,
        }),
      ),
      (m: OutboxMessage) => ({ id: m.id, kind: m.template, subject: m.subject, language: m.locale, state: m.state, createdAt: m.createdAt, sentAt: isoMillis(m.sentAt) }),
    );
  }
}

async function* mapped<T, R>(rows: AsyncIterable<T>, map: (row: T) => R): AsyncGenerator<R> {
  for await (const row of rows) yield map(row);
}
