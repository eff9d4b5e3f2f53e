import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { promises as fs } from 'fs';
import { Readable } from 'stream';
import { DataSource } from 'typeorm';
import { ZipFile } from 'yazl';
import { FileStore } from '../assignments/file-store';
import { AuditService } from '../audit/audit.service';
import { today } from '../common/dates';
import { Templates } from '../common/views/view-engine';
import type { SessionUser } from '../common/session-user';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import type { Locale } from '../i18n/i18n';
import { ActsRepository } from './acts.repository';
import { ArchiveFile, archiveName, attachmentPath, jsonArray } from './archive';
import { Lookups } from './lookups';
import { OwnRecordsRepository, StoredAttachment } from './own-records.repository';

/** Each file of the archive in the order written; the summary and the page describe them by these names. */
export const ARCHIVE_FILES = [
  'account.json',
  'enrolments.json',
  'lessons-done.json',
  'reflections.json',
  'module-signoffs.json',
  'practice-entries.json',
  'hand-ins.json',
  'attendance.json',
  'consents.json',
  'employer-looks.json',
  'certificates.json',
  'notifications.json',
  'notification-preferences.json',
  'notification-digests.json',
  'sign-in-history.json',
  'sessions.json',
  'sign-in-links.json',
  'second-factor.json',
  'recovery-codes.json',
  'erasure-requests.json',
  'invitations.json',
  'password-resets.json',
  'messages.json',
  'supervising.json',
  'coordinating.json',
  'signoffs-made.json',
  'decisions-made.json',
  'feedback-given.json',
  'attendance-kept.json',
  'consents-received.json',
  'employer-looks-made.json',
  'certificates-issued.json',
  'invitations-sent.json',
  'ledger-acts.json',
] as const;

type FileName = (typeof ARCHIVE_FILES)[number];

/** A file's description in the summary and on the page: `myData.file.<name without .json>`. */
const describe = (name: string) => `myData.file.${name.replace(/\.json$/, '')}`;

/**
 * "My data": everything stored about a signed-in person, as a ZIP of one JSON file per kind of record, their
 * hand-ins' attachments and a readable summary (GDPR articles 15 and 20). The archive is streamed as it is
 * written, each file read from the database only when the archive reaches it.
 */
@Injectable()
export class MyDataService {
  private readonly logger = new Logger(MyDataService.name);
  private readonly templates: Templates;

  constructor(
    private readonly own: OwnRecordsRepository,
    private readonly acts: ActsRepository,
    private readonly store: FileStore,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.templates = new Templates(config.viewsDir, config.cacheViews);
  }

  page() {
    return { title: 'myData.title', files: ARCHIVE_FILES.map((name) => ({ name, description: describe(name) })) };
  }

  /** Writes the archive to the response; the export is recorded in the audit log before the first byte goes out. */
  async download(user: SessionUser, actor: { actorId: number | null; address: string | null }, locale: Locale, res: Response): Promise<void> {
    const names = new Lookups(this.dataSource);
    const account = await this.own.account(user.id, names);
    const enrolmentIds = await this.own.enrolmentIds(user.id);
    const enrolments = await this.own.enrolments(user.id, names);
    const attachments = await this.presentAttachments(await this.own.attachments(enrolmentIds));
    const day = today();
    await this.audit.record({ kind: 'data_exported', actorId: actor.actorId, subjectId: user.id, object: { type: 'user', id: user.id }, address: actor.address });

    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="${archiveName(day)}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');

    const zip = new ZipFile();
    zip.on('error', (error: Error) => {
      // Headers and part of the archive are gone already: the download can only be broken off, never finished wrong.
      this.logger.error(`The archive for person ${user.id} broke off: ${error.message}`);
      res.destroy(error);
    });
    zip.outputStream.pipe(res);

    const counts = new Map<string, number>();
    const mtime = new Date();
    for (const file of this.files(user, account, enrolments, enrolmentIds, attachments, names)) {
      zip.addReadStream(
        jsonArray(file, (count) => counts.set(file.name, count)),
        file.name,
        { mtime },
      );
    }
    for (const a of attachments) zip.addFile(this.store.path(a.storedName), a.path, { mtime });
    // Read by the archive after every file before it, so the counts are known by then.
    zip.addReadStream(
      Readable.from(
        (async function* (render: () => string) {
          yield render();
        })(() => this.summary(locale, account, enrolments, counts, attachments, mtime)),
      ),
      'index.html',
      { mtime },
    );
    zip.end();
  }

  private files(
    user: SessionUser,
    account: object,
    enrolments: object[],
    enrolmentIds: number[],
    attachments: (StoredAttachment & { path: string })[],
    names: Lookups,
  ): ArchiveFile[] {
    const { own, acts } = this;
    const id = user.id;
    // The ledger's records of the person's enrolments, read once for the four files that show them as history.
    let history: ReturnType<OwnRecordsRepository['history']> | undefined;
    const ledger = () => (history ??= own.history(enrolmentIds, names));
    const placed = new Map(attachments.map((a) => [a.fileId, a.path]));
    const sources: Record<FileName, ArchiveFile['records']> = {
      'account.json': () => [account],
      'enrolments.json': () => enrolments,
      'lessons-done.json': () => own.lessonsDone(enrolmentIds),
      'reflections.json': () => own.reflections(enrolmentIds),
      'module-signoffs.json': async () => own.moduleSignoffs(enrolmentIds, await ledger(), names),
      'practice-entries.json': async () => own.practiceEntries(enrolmentIds, await ledger(), names),
      'hand-ins.json': async () => own.handIns(enrolmentIds, await ledger(), names, (file) => placed.get(file.id) ?? null),
      'attendance.json': () => own.attendance(enrolmentIds, names),
      'consents.json': () => own.consents(enrolmentIds, names),
      'employer-looks.json': () => own.employerLooks(enrolmentIds, names),
      'certificates.json': async () => own.certificates(enrolmentIds, await ledger(), names),
      'notifications.json': () => own.notifications(id),
      'notification-preferences.json': () => own.notificationPreferences(id),
      'notification-digests.json': () => own.notificationDigests(id),
      'sign-in-history.json': () => own.signInHistory(id, names),
      'sessions.json': () => own.sessions(id),
      'sign-in-links.json': () => own.signInLinks(id),
      'second-factor.json': () => own.secondFactor(id),
      'recovery-codes.json': () => own.recoveryCodes(id),
      'erasure-requests.json': () => own.erasureRequests(id),
      'invitations.json': () => own.invitations(id, names),
      'password-resets.json': () => own.passwordResets(id),
      'messages.json': () => own.messages(user.email),
      'supervising.json': () => acts.supervising(id, names),
      'coordinating.json': () => acts.coordinating(id, names),
      'signoffs-made.json': () => acts.signoffsMade(id, names),
      'decisions-made.json': () => acts.decisionsMade(id, names),
      'feedback-given.json': () => acts.feedbackGiven(id, names),
      'attendance-kept.json': () => acts.attendanceKept(id, names),
      'consents-received.json': () => acts.consentsReceived(id, names),
      'employer-looks-made.json': () => acts.employerLooksMade(id, names),
      'certificates-issued.json': () => acts.certificatesIssued(id, names),
      'invitations-sent.json': () => acts.invitationsSent(id, names),
      'ledger-acts.json': () => acts.ledgerActs(id),
    };
    return ARCHIVE_FILES.map((name) => ({ name, records: sources[name] }));
  }

  /** The attachments still on disk, each with its place in the archive; one gone from disk is named in hand-ins.json as not included. */
  private async presentAttachments(files: StoredAttachment[]) {
    const present: (StoredAttachment & { path: string })[] = [];
    for (const file of files) {
      try {
        await fs.access(this.store.path(file.storedName));
        present.push({ ...file, path: attachmentPath(file.submissionId, file.fileId, file.originalName) });
      } catch {
        this.logger.warn(`Attachment ${file.fileId} of hand-in ${file.submissionId} is missing from the upload folder`);
      }
    }
    return present;
  }

  private summary(
    locale: Locale,
    account: object,
    enrolments: object[],
    counts: Map<string, number>,
    attachments: { path: string; originalName: string }[],
    at: Date,
  ): string {
    return this.templates.render('my-data/archive-summary', {
      locale,
      account,
      enrolments,
      at,
      files: ARCHIVE_FILES.map((name) => ({ name, description: describe(name), count: counts.get(name) ?? 0 })),
      attachments,
    });
  }
}
