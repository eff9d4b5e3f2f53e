import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { promises as fs } from 'fs';
import { QueryFailedError, Repository } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { AccessService, EnrolmentAccess } from '../cohorts/access.service';
import { today } from '../common/dates';
import { FieldError, FieldErrors, FormResult } from '../common/form-result';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import type { CurriculumVersion } from '../curricula/curriculum-version.entity';
import type { CurriculumContent } from '../curricula/curriculum.types';
import { Transactions } from '../database/transactions';
import { LedgerService } from '../ledger/ledger.service';
import { NotificationsService } from '../notifications/notifications.service';
import type { User } from '../users/user.entity';
import { AssessorsService } from './assessors.service';
import { ACCEPT, checkFile, cleanFileName, FILE_KINDS, FileKind } from './file-type';
import { AssignmentsRepository } from './assignments.repository';
import { FileStore } from './file-store';
import { assignmentStatus, AssignmentStatus, canSubmit, Decision, DECISIONS, SubmissionState } from './milestones';
import { AssignmentFeedback, AssignmentSubmission, SubmissionFile } from './submission.entity';
import { MAX_FILES, ReceivedUpload } from './upload';
import { findIdentifyingDetail } from '../common/identifying-details';

/** The longest text a version or a piece of feedback may have, in characters. */
export const MAX_TEXT = 100_000;

/** A file ready to send: where it lies and what to call it. */
export interface Download {
  path: string;
  name: string;
  mediaType: string;
}

/** What to show again on the page when a form on it was refused. */
interface PageExtras {
  /** Field errors, keyed by the id of the field they belong to. */
  errors?: Record<string, FieldError>;
  /** What was typed into the refused form, keyed the same way. */
  values?: Record<string, string>;
  /** A message for the whole page: why a hand-in or a decision could not be taken. */
  notice?: string;
  /** The hand-in form whose files have to be chosen again. */
  filesLost?: string;
  /** The hand-in form whose text was held back for identifying details the student may confirm. */
  detailsWarning?: string;
}

type Assignment = NonNullable<CurriculumContent['assignment']>;

interface AssignmentAccess {
  found: EnrolmentAccess;
  assignment: Assignment;
  assessor?: User;
  canAssess: boolean;
}

/** Thrown inside a transaction when the milestone or version was no longer as the person saw it. */
class Refused extends Error {
  constructor(readonly notice: string) {
    super(notice);
  }
}

/**
 * The project assignment: students hand in versions of each milestone with text and files; the
 * assessor (the cohort's coordinators, and a supervisor they name) approves or asks for a revision.
 * Nothing is overwritten: every version, file and piece of feedback stays, and every decision goes
 * into the ledger. Only the student, the assessors and the cohort's coordinators (and
 * administrators) may see any of it; for anyone else it does not exist.
 */
@Injectable()
export class AssignmentsService {
  private readonly logger = new Logger('Assignments');

  constructor(
    @InjectRepository(AssignmentSubmission) private readonly submissions: Repository<AssignmentSubmission>,
    @InjectRepository(SubmissionFile) private readonly files: Repository<SubmissionFile>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: AccessService,
    private readonly assessors: AssessorsService,
    private readonly transactions: Transactions,
    private readonly ledger: LedgerService,
    private readonly store: FileStore,
    private readonly repository: AssignmentsRepository,
    private readonly notifications: NotificationsService,
  ) {}

  // ---- for other features

  /**
   * Where one enrolment's assignment stands, milestone by milestone (see milestones.ts for the
   * due-date and overdue rules). No access check: show it only where the caller has checked.
   */
  async statusFor(enrolmentId: number, programme: CurriculumVersion, cohortStartDate: string, on: string = today()): Promise<AssignmentStatus> {
    if (!programme.content.assignment?.milestones.length) return assignmentStatus(programme.content, cohortStartDate, [], on);
    const rows = await this.submissions.find({ select: { milestoneKey: true, number: true, state: true }, where: { enrolmentId } });
    return assignmentStatus(programme.content, cohortStartDate, rows, on);
  }

  // ---- the page

  async page(user: SessionUser, enrolmentId: number, extras: PageExtras = {}) {
    const a = await this.readable(user, enrolmentId);
    const { found } = a;
    const rows = await this.submissions.find({
      where: { enrolmentId },
      relations: { submitter: true, files: true, feedback: { assessor: true } },
      order: { number: 'ASC', files: { id: 'ASC' } },
    });
    const status = assignmentStatus(found.programme.content, found.cohort.startDate, rows);
    const milestones = a.assignment.milestones.map((milestone, i) => {
      const { dueDate, overdue, state, versions } = status.milestones[i];
      const mine = rows.filter((r) => r.milestoneKey === milestone.key);
      const open = found.isStudent && canSubmit(state);
      return {
        key: milestone.key,
        title: milestone.title,
        description: milestone.description,
        dueDate,
        overdue,
        state,
        versions: mine.map((row, n) => this.versionView(row, a, n === mine.length - 1, extras)),
        submitForm: open ? this.submitForm(milestone.key, versions + 1, extras) : undefined,
      };
    });
    return {
      title: 'assignments.title',
      enrolment: found.enrolment,
      cohort: found.cohort,
      programme: found.programme,
      assignment: a.assignment,
      isStudent: found.isStudent,
      canManage: found.canManage,
      canAssess: a.canAssess,
      assessor: a.assessor,
      milestones,
      maxFiles: MAX_FILES,
      limitMb: this.config.uploadLimitMb,
      accept: ACCEPT,
      notice: extras.notice,
      // Only when there are some: the layout and the error summary take any errors object as "the form has errors".
      errors: extras.errors,
      values: extras.values ?? {},
    };
  }

  // ---- the student hands in

  async submit(user: SessionUser, enrolmentId: number, milestoneKey: string, input: { text?: string; detailsChecked?: string }, upload: ReceivedUpload): Promise<FormResult> {
    const a = await this.readable(user, enrolmentId);
    if (!a.found.isStudent) throw new NotFoundException();
    const milestone = a.assignment.milestones.find((m) => m.key === milestoneKey);
    if (!milestone) throw new NotFoundException();

    const latest = await this.latest(enrolmentId, milestone.key);
    if (latest && !canSubmit(latest.state)) return this.refused(user, enrolmentId, refusalFor(latest.state));

    const textId = `text-${milestone.key}`;
    const filesId = `files-${milestone.key}`;
    const text = (input.text ?? '').replace(/\r\n/g, '\n').trim();
    const errors = new FieldErrors();
    const accepted = this.checkUpload(upload, filesId, errors);
    if (upload.problem === 'textTooLong' || text.length > MAX_TEXT) errors.add(textId, 'assignments.error.textTooLong', { max: MAX_TEXT });
    if (!errors.any && !text && accepted.length === 0) errors.add(textId, 'assignments.error.empty');
    // A warning, not a refusal: an assignment may cite a public source's address or number.
    const detail = errors.any || input.detailsChecked === 'yes' ? undefined : findIdentifyingDetail(text);
    if (detail) errors.add(textId, `assignments.warning.${detail}`);
    if (errors.any) {
      const extras = {
        errors: errors.errors,
        values: { [textId]: input.text ?? '' },
        filesLost: upload.files.length > 0 || upload.problem ? milestone.key : undefined,
        detailsWarning: detail ? milestone.key : undefined,
      };
      return { status: 400, data: await this.page(user, enrolmentId, extras) };
    }

    const written: (typeof accepted[number] & { storedName: string; sha256: string })[] = [];
    try {
      for (const file of accepted) written.push({ ...file, ...(await this.store.write(file.content)) });
      await this.transactions.run(async (manager) => {
        const last = await manager.findOne(AssignmentSubmission, { where: { enrolmentId, milestoneKey: milestone.key }, order: { number: 'DESC' } });
        if (last && !canSubmit(last.state)) throw new Refused(refusalFor(last.state));
        const number = (last?.number ?? 0) + 1;
        const inserted = await manager.insert(AssignmentSubmission, {
          enrolmentId,
          milestoneKey: milestone.key,
          number,
          text,
          state: 'submitted',
          submittedBy: user.id,
          submittedAt: new Date(),
        });
        const submissionId = Number(inserted.identifiers[0].id);
        for (const file of written) {
          await manager.insert(SubmissionFile, {
            submissionId,
            originalName: file.name,
            storedName: file.storedName,
            mediaType: FILE_KINDS[file.kind].mediaType,
            sizeBytes: file.content.length,
            sha256: file.sha256,
          });
        }
        await this.ledger.append(manager, {
          action: 'assignment.submit',
          actorId: user.id,
          subjectType: 'assignment_submission',
          subjectId: submissionId,
          enrolmentId,
          payload: {
            milestone: milestone.key,
            number,
            text,
            files: written.map((f) => ({ name: f.name, mediaType: FILE_KINDS[f.kind].mediaType, sizeBytes: f.content.length, sha256: f.sha256 })),
          },
        });
        // Those who assess it are told: the cohort's coordinators, and the supervisor named as assessor.
        const assessors = [...(a.found.cohort.coordinators ?? []).map((c) => c.id), ...(a.assessor ? [a.assessor.id] : [])].filter((id) => id !== user.id);
        await this.notifications.record(manager, assessors, 'new_hand_in', {
          enrolmentId,
          submissionId,
          student: a.found.enrolment.student?.name ?? user.name,
          cohort: a.found.cohort.name,
          milestone: milestone.title,
          number,
        });
      });
    } catch (error) {
      // The rows were never written, so neither may the files stay.
      await this.store.remove(written.map((f) => f.storedName));
      if (error instanceof Refused) return this.refused(user, enrolmentId, error.notice);
      // Another hand-in took this number a moment earlier (PostgreSQL; on SQLite the check above catches it).
      if (isUniqueViolation(error)) return this.refused(user, enrolmentId, 'assignments.refused.waiting');
      throw error;
    }
    return { redirect: `/enrolments/${enrolmentId}/assignment#milestone-${milestone.key}` };
  }

  // ---- the assessor decides

  async decide(user: SessionUser, submissionId: number, input: { feedback?: string; decision?: string; version?: string }): Promise<FormResult> {
    const submission = Number.isSafeInteger(submissionId) ? await this.submissions.findOne({ where: { id: submissionId } }) : null;
    if (!submission) throw new NotFoundException();
    const a = await this.readable(user, submission.enrolmentId);
    if (!a.canAssess || !a.assignment.milestones.some((m) => m.key === submission.milestoneKey)) throw new NotFoundException();
    const enrolmentId = submission.enrolmentId;

    const latest = await this.latest(enrolmentId, submission.milestoneKey);
    if (latest?.id !== submission.id || submission.state !== 'submitted') return this.refused(user, enrolmentId, 'assignments.refused.decided');

    const feedbackId = `feedback-${submission.id}`;
    const decisionId = `decision-${submission.id}`;
    const text = (input.feedback ?? '').replace(/\r\n/g, '\n').trim();
    const decision = (DECISIONS as readonly string[]).includes(input.decision ?? '') ? (input.decision as Decision) : undefined;
    const errors = new FieldErrors();
    if (!text) errors.add(feedbackId, 'assignments.error.feedbackRequired');
    else if (text.length > MAX_TEXT) errors.add(feedbackId, 'assignments.error.textTooLong', { max: MAX_TEXT });
    if (!decision) errors.add(decisionId, 'assignments.error.decisionRequired');
    if (errors.any || !decision) {
      const values = { [feedbackId]: input.feedback ?? '', [decisionId]: decision ?? '' };
      return { status: 400, data: await this.page(user, enrolmentId, { errors: errors.errors, values }) };
    }

    try {
      await this.transactions.run(async (manager) => {
        // Guarded on the version and state the assessor saw: of two decisions at once, one wins and the other is told.
        if (!(await this.repository.decideIfUnchanged(manager, { id: submission.id, version: Number(input.version) }, decision))) throw new Refused('assignments.refused.changed');
        await manager.insert(AssignmentFeedback, { submissionId: submission.id, assessorId: user.id, decision, text, createdAt: new Date() });
        await this.ledger.append(manager, {
          action: decision === 'approved' ? 'assignment.approve' : 'assignment.revision',
          actorId: user.id,
          subjectType: 'assignment_submission',
          subjectId: submission.id,
          enrolmentId,
          payload: { milestone: submission.milestoneKey, number: submission.number, decision, feedback: text },
        });
        // The student is told that feedback came and what was decided; the feedback itself is read on the page.
        const milestone = a.assignment.milestones.find((m) => m.key === submission.milestoneKey)!;
        await this.notifications.record(manager, [a.found.enrolment.studentId], 'assessor_feedback', {
          enrolmentId,
          submissionId: submission.id,
          milestone: milestone.title,
          number: submission.number,
          decision,
        });
      });
    } catch (error) {
      if (error instanceof Refused) return this.refused(user, enrolmentId, error.notice);
      if (isUniqueViolation(error)) return this.refused(user, enrolmentId, 'assignments.refused.changed');
      throw error;
    }
    return { redirect: `/enrolments/${enrolmentId}/assignment#version-${submission.id}` };
  }

  // ---- downloads

  /** A file of a version the person may see; anyone else is told it does not exist. */
  async download(user: SessionUser, fileId: number): Promise<Download> {
    const file = Number.isSafeInteger(fileId) ? await this.files.findOne({ where: { id: fileId }, relations: { submission: true } }) : null;
    if (!file?.submission) throw new NotFoundException();
    await this.readable(user, file.submission.enrolmentId);
    const filePath = this.store.path(file.storedName);
    try {
      await fs.access(filePath);
    } catch {
      this.logger.error(`File ${file.id} (${file.storedName}) is missing from ${this.config.uploadDir}`);
      throw new NotFoundException();
    }
    return { path: filePath, name: file.originalName, mediaType: file.mediaType };
  }

  // ---- the rules underneath

  /**
   * The assignment of an enrolment, for the student, its assessors and the cohort's coordinators
   * (and administrators). A programme without an assignment has no such page.
   */
  private async readable(user: SessionUser, enrolmentId: number): Promise<AssignmentAccess> {
    const found = await this.access.enrolment(user, enrolmentId);
    const assignment = found.programme.content.assignment;
    if (!assignment?.milestones.length) throw new NotFoundException();
    const { canAssess, assessor } = await this.assessors.canAssess(user, found);
    if (!found.isStudent && !found.canManage && !canAssess) throw new NotFoundException();
    return { found, assignment, assessor, canAssess };
  }

  private latest(enrolmentId: number, milestoneKey: string): Promise<AssignmentSubmission | null> {
    return this.submissions.findOne({ where: { enrolmentId, milestoneKey }, order: { number: 'DESC' } });
  }

  /** The files of a hand-in, each checked by its content; the first problem is named beside the file field. */
  private checkUpload(upload: ReceivedUpload, field: string, errors: FieldErrors): { name: string; kind: FileKind; content: Buffer }[] {
    const limit = this.config.uploadLimitMb;
    if (upload.problem === 'tooLarge') errors.add(field, 'assignments.error.tooLarge', { limit });
    else if (upload.problem === 'tooMany' || upload.files.length > MAX_FILES) errors.add(field, 'assignments.error.tooMany', { max: MAX_FILES });
    else if (upload.problem === 'unreadable') errors.add(field, 'assignments.error.unreadable');
    if (errors.any) return [];
    const accepted = [];
    for (const file of upload.files) {
      const name = cleanFileName(file.originalname) || 'dokument';
      if (file.size > limit * 1024 * 1024) {
        errors.add(field, 'assignments.error.tooLargeNamed', { name, limit });
        return [];
      }
      const check = checkFile(name, file.buffer);
      if ('problem' in check) {
        errors.add(field, `assignments.error.file.${check.problem}`, { name, kind: check.detected ? FILE_KINDS[check.detected].label : '', extension: check.detected ? FILE_KINDS[check.detected].extension : '' });
        return [];
      }
      accepted.push({ name, kind: check.kind, content: file.buffer });
    }
    return accepted;
  }

  /** The page again, with a message saying why the hand-in or decision was not taken. */
  private async refused(user: SessionUser, enrolmentId: number, notice: string): Promise<FormResult> {
    return { status: 409, data: await this.page(user, enrolmentId, { notice }) };
  }

  private submitForm(key: string, number: number, extras: PageExtras) {
    const textId = `text-${key}`;
    const filesId = `files-${key}`;
    return {
      number,
      textId,
      filesId,
      text: extras.values?.[textId] ?? '',
      textError: extras.errors?.[textId],
      filesError: extras.errors?.[filesId],
      chooseAgain: extras.filesLost === key,
      detailsWarning: extras.detailsWarning === key,
    };
  }

  private versionView(row: AssignmentSubmission, a: AssignmentAccess, isLatest: boolean, extras: PageExtras) {
    const feedback = row.feedback?.[0];
    const feedbackId = `feedback-${row.id}`;
    const decisionId = `decision-${row.id}`;
    return {
      id: row.id,
      number: row.number,
      text: row.text,
      state: row.state,
      submittedAt: row.submittedAt,
      submittedBy: row.submitter?.name,
      files: (row.files ?? []).map((f) => ({ id: f.id, name: f.originalName, kind: kindLabel(f.mediaType), size: sizeOf(f.sizeBytes) })),
      feedback: feedback && { assessor: feedback.assessor?.name, createdAt: feedback.createdAt, decision: feedback.decision, text: feedback.text },
      feedbackForm:
        a.canAssess && isLatest && row.state === 'submitted'
          ? {
              feedbackId,
              decisionId,
              version: row.version,
              text: extras.values?.[feedbackId] ?? '',
              decision: extras.values?.[decisionId] ?? '',
              textError: extras.errors?.[feedbackId],
              decisionError: extras.errors?.[decisionId],
            }
          : undefined,
    };
  }
}

function refusalFor(state: SubmissionState): string {
  return state === 'approved' ? 'assignments.refused.approved' : 'assignments.refused.waiting';
}

function kindLabel(mediaType: string): string {
  return Object.values(FILE_KINDS).find((k) => k.mediaType === mediaType)?.label ?? mediaType;
}

/** A size for people: kB below one megabyte, MB with one decimal above. */
function sizeOf(bytes: number): { key: string; value: number } {
  if (bytes < 1024 * 1024) return { key: 'assignments.file.sizeKb', value: Math.max(1, Math.round(bytes / 1024)) };
  return { key: 'assignments.file.sizeMb', value: Math.round((bytes / (1024 * 1024)) * 10) / 10 };
}

/** Two hand-ins raced for the same number, or two decisions for the same version (PostgreSQL; SQLite runs them one by one). */
function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = String((error.driverError as { code?: string } | undefined)?.code ?? '');
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT');
}
