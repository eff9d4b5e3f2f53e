import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'crypto';
import { IsNull, Repository } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { AccessService, EnrolmentAccess } from '../cohorts/access.service';
import { programmeEnd } from '../cohorts/timeline';
import { FieldErrors, FormResult } from '../common/form-result';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Transactions } from '../database/transactions';
import { localise, Locale, translate } from '../i18n/i18n';
import { LedgerService } from '../ledger/ledger.service';
import { Certificate } from './certificate.entity';
import { CompletionService } from './completion.service';
import { simplePdf } from './pdf';

/** Completion checklists, issuing and revoking certificates, and their public verification. */
@Injectable()
export class CertificatesService {
  constructor(
    @InjectRepository(Certificate) private readonly certificates: Repository<Certificate>,
    private readonly access: AccessService,
    private readonly completion: CompletionService,
    private readonly transactions: Transactions,
    private readonly ledger: LedgerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The student themselves, and the cohort's coordinators (and administrators). */
  private async allowed(user: SessionUser, enrolmentId: number): Promise<EnrolmentAccess> {
    const found = await this.access.enrolment(user, enrolmentId);
    if (!found.isStudent && !found.canManage) throw new NotFoundException();
    return found;
  }

  async checklist(user: SessionUser, enrolmentId: number, extra: Record<string, unknown> = {}) {
    const found = await this.allowed(user, enrolmentId);
    const [completion, certificate] = await Promise.all([
      this.completion.evaluate(found),
      this.certificates.findOne({ where: { enrolmentId, revokedAt: IsNull() }, order: { id: 'DESC' } }),
    ]);
    return {
      title: 'completion.title',
      enrolment: found.enrolment,
      cohort: found.cohort,
      programme: found.programme,
      isStudent: found.isStudent,
      canManage: found.canManage,
      completion,
      certificate,
      canIssue: found.canManage && completion.complete && !certificate,
      ...extra,
    };
  }

  async issue(user: SessionUser, enrolmentId: number): Promise<FormResult> {
    const found = await this.allowed(user, enrolmentId);
    if (!found.canManage) throw new NotFoundException();
    const completion = await this.completion.evaluate(found);
    const errors = new FieldErrors();
    if (!completion.complete) errors.add('issue', 'completion.error.notComplete');
    else if (await this.certificates.exists({ where: { enrolmentId, revokedAt: IsNull() } })) errors.add('issue', 'completion.error.alreadyIssued');
    if (errors.any) return { status: 409, data: await this.checklist(user, enrolmentId, { errors: errors.errors }) };

    const content = found.programme.content;
    const id = await this.transactions.run(async (manager) => {
      const result = await manager.insert(Certificate, {
        enrolmentId,
        code: randomBytes(16).toString('base64url'),
        studentName: found.enrolment.student!.name,
        programmeSlug: found.programme.slug,
        programmeTitle: content.title,
        cohortName: found.cohort.name,
        startDate: found.cohort.startDate,
        endDate: programmeEnd(found.cohort.startDate, content.duration.unit, content.duration.length),
        quarterHoursApproved: completion.quarterHoursApproved,
        issuedBy: user.id,
        revokedAt: null,
      });
      const certificateId = Number(result.identifiers[0].id);
      await this.ledger.append(manager, {
        action: 'certificate.issue',
        actorId: user.id,
        subjectType: 'certificate',
        subjectId: certificateId,
        enrolmentId,
        payload: { programme: found.programme.slug, version: found.programme.version, checklist: completion.items.map((i) => ({ key: i.key, ...i.params })) },
      });
      return certificateId;
    });
    return { redirect: `/certificates/${id}` };
  }

  private async readable(user: SessionUser, certificateId: number) {
    const certificate = Number.isSafeInteger(certificateId) ? await this.certificates.findOne({ where: { id: certificateId } }) : null;
    if (!certificate) throw new NotFoundException();
    const found = await this.allowed(user, certificate.enrolmentId);
    return { certificate, found };
  }

  async show(user: SessionUser, certificateId: number, extra: Record<string, unknown> = {}) {
    const { certificate, found } = await this.readable(user, certificateId);
    return {
      title: 'certificate.title',
      certificate,
      hours: certificate.quarterHoursApproved / 4,
      verifyUrl: `${this.config.publicUrl}/verify/${certificate.code}`,
      canManage: found.canManage,
      enrolment: found.enrolment,
      ...extra,
    };
  }

  async pdf(user: SessionUser, certificateId: number, locale: Locale): Promise<{ filename: string; body: Buffer }> {
    const { certificate } = await this.readable(user, certificateId);
    const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
    const programme = localise(certificate.programmeTitle, locale).text;
    const hours = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'nb-NO').format(certificate.quarterHoursApproved / 4);
    const lines = [
      { text: 'Brobygger', y: 770, size: 14, bold: true },
      { text: t('certificate.heading'), y: 690, size: 30, bold: true },
      { text: t('certificate.pdf.certifies'), y: 640, size: 13 },
      { text: certificate.studentName, y: 605, size: 24, bold: true },
      { text: t('certificate.pdf.completed'), y: 570, size: 13 },
      { text: programme, y: 540, size: 18, bold: true },
      { text: `${t('certificate.cohort')}: ${certificate.cohortName}`, y: 495 },
      { text: `${t('certificate.period')}: ${certificate.startDate} – ${certificate.endDate}`, y: 475 },
      { text: `${t('certificate.hours')}: ${hours}`, y: 455 },
      { text: `${t('certificate.issued')}: ${certificate.issuedAt.toISOString().slice(0, 10)}`, y: 435 },
      ...(certificate.revokedAt ? [{ text: t('certificate.pdf.revoked'), y: 395, size: 14, bold: true }] : []),
      { text: t('certificate.pdf.verify'), y: 150, size: 11 },
      { text: `${this.config.publicUrl}/verify/${certificate.code}`, y: 132, size: 11 },
      { text: `${t('certificate.code')}: ${certificate.code}`, y: 114, size: 11 },
    ];
    return { filename: `kursbevis-${certificate.programmeSlug}-${certificate.id}.pdf`, body: simplePdf(lines, `${t('certificate.heading')} – ${certificate.studentName}`) };
  }

  /** The certificate as an Open Badges 3.0 credential (JSON-LD); its id is the public verification page. */
  async badge(user: SessionUser, certificateId: number) {
    const { certificate } = await this.readable(user, certificateId);
    return openBadge(certificate, this.config.publicUrl);
  }

  async revoke(user: SessionUser, certificateId: number, reason: string | undefined): Promise<FormResult> {
    const { certificate, found } = await this.readable(user, certificateId);
    if (!found.canManage) throw new NotFoundException();
    const text = (reason ?? '').trim();
    const errors = new FieldErrors();
    if (!text) errors.add('reason', 'certificate.error.reasonRequired');
    else if (text.length > 2000) errors.add('reason', 'certificate.error.reasonTooLong');
    if (certificate.revokedAt) errors.add('reason', 'certificate.error.alreadyRevoked');
    if (errors.any) {
      return { status: 400, data: await this.show(user, certificateId, { errors: errors.errors, values: { reason: text } }) };
    }
    await this.transactions.run(async (manager) => {
      const result = await manager.update(Certificate, { id: certificate.id, revokedAt: IsNull() }, { revokedAt: new Date(), revokedBy: user.id, revokeReason: text });
      if (!result.affected) throw new ConflictException();
      await this.ledger.append(manager, {
        action: 'certificate.revoke',
        actorId: user.id,
        subjectType: 'certificate',
        subjectId: certificate.id,
        enrolmentId: certificate.enrolmentId,
        payload: { code: certificate.code, reason: text },
      });
    });
    return { redirect: `/certificates/${certificate.id}` };
  }

  /** Public: whether a code belongs to a genuine certificate, and no more than that. */
  async verify(code: string) {
    const certificate = /^[A-Za-z0-9_-]{16,64}$/.test(code) ? await this.certificates.findOne({ where: { code } }) : null;
    return {
      title: 'verify.title',
      found: Boolean(certificate),
      certificate: certificate && {
        studentName: certificate.studentName,
        programmeTitle: certificate.programmeTitle,
        startDate: certificate.startDate,
        endDate: certificate.endDate,
        issuedAt: certificate.issuedAt,
        revokedAt: certificate.revokedAt,
      },
    };
  }
}

export function openBadge(certificate: Certificate, publicUrl: string) {
  const url = `${publicUrl}/verify/${certificate.code}`;
  const name = certificate.programmeTitle.en ?? certificate.programmeTitle.nb;
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: url,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `${name}: ${certificate.studentName}`,
    issuer: { id: publicUrl, type: ['Profile'], name: 'Brobygger', url: publicUrl },
    validFrom: certificate.issuedAt.toISOString(),
    ...(certificate.revokedAt ? { credentialStatus: { id: url, type: 'VerificationPage', status: 'revoked', revokedAt: certificate.revokedAt.toISOString() } } : {}),
    credentialSubject: {
      type: ['AchievementSubject'],
      name: certificate.studentName,
      achievement: {
        id: `${publicUrl}/programmes/${certificate.programmeSlug}`,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name,
        description: `${certificate.programmeTitle.nb}${certificate.programmeTitle.en ? ` / ${certificate.programmeTitle.en}` : ''}: ${certificate.cohortName}, ${certificate.startDate} – ${certificate.endDate}.`,
        criteria: {
          narrative:
            'Completed the programme: every module that requires it signed off by a supervisor or coordinator, the required practice hours approved, the attendance threshold reached and, where the programme has one, the project assignment approved.',
        },
      },
      result: [{ type: ['Result'], value: String(certificate.quarterHoursApproved / 4), resultDescription: 'Approved practice hours' }],
    },
  };
}
