import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { AccessService, EnrolmentAccess } from '../cohorts/access.service';
import { FieldErrors, FormResult } from '../common/form-result';
import { paging } from '../common/paging';
import { Transactions } from '../database/transactions';
import { EmployerConsent } from './consent.entity';
import { ConsentsRepository } from './consents.repository';
import { AuditService } from '../audit/audit.service';

export interface ConsentForm {
  granted?: string;
  /** The organisation the student saw on the page, so a change of employer in between is not consented to unseen. */
  organisation?: string;
}

/** Whether the latest choice counts for the enrolment's employer now: granted, and for that organisation. */
export function consentHolds(latest: Pick<EmployerConsent, 'granted' | 'organisationId'> | null | undefined, employerOrganisationId: number | null): boolean {
  return Boolean(latest?.granted && employerOrganisationId !== null && latest.organisationId === employerOrganisationId);
}

/**
 * The student's consent to their employer following their progress: the page that says what the employer
 * sees, the choice to grant or withdraw, and the log of every look. Only the student; for anyone else
 * the page does not exist.
 */
@Injectable()
export class ConsentService {
  constructor(
    @InjectRepository(EmployerConsent) private readonly consents: Repository<EmployerConsent>,
    private readonly repository: ConsentsRepository,
    private readonly access: AccessService,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  async page(user: SessionUser, enrolmentId: number, query: { page?: string } = {}, extra: Record<string, unknown> = {}) {
    const found = await this.asStudent(user, enrolmentId);
    const organisation = found.enrolment.employerOrganisation ?? null;
    const history = await this.consents.find({ where: { enrolmentId }, relations: { organisation: true }, order: { id: 'DESC' } });
    const granted = consentHolds(history[0], found.enrolment.employerOrganisationId);
    const { rows, pages } = await this.viewLog(enrolmentId, query.page);
    return {
      title: 'consent.title',
      enrolment: found.enrolment,
      cohort: found.cohort,
      programme: found.programme,
      organisation,
      granted,
      // A consent given to an earlier employer does not carry over to a new one.
      earlierOrganisation: history[0]?.granted && organisation && history[0].organisationId !== organisation.id ? history[0].organisation?.name : undefined,
      endedByMove: history[0]?.cause === 'move' ? history[0].organisation?.name : undefined,
      history: history.map((c) => ({ granted: c.granted, endedByMove: c.cause === 'move', organisation: c.organisation?.name, at: c.changedAt })),
      views: rows,
      pages,
      ...extra,
    };
  }

  /**
   * Grants or withdraws; takes effect at once, for the employer's very next page. A withdrawal is always
   * recorded, even when nothing holds, since it is the student's stated choice; only a grant that already holds is not repeated.
   */
  async decide(user: SessionUser, enrolmentId: number, form: ConsentForm, setFlash: (flash: object) => void): Promise<FormResult> {
    const found = await this.asStudent(user, enrolmentId);
    const organisationId = found.enrolment.employerOrganisationId;
    const errors = new FieldErrors();
    if (organisationId === null) errors.add('granted', 'consent.error.noEmployer');
    else if (form.organisation !== undefined && form.organisation !== String(organisationId)) errors.add('granted', 'consent.error.employerChanged');
    else if (form.granted !== 'yes' && form.granted !== 'no') errors.add('granted', 'consent.error.choose');
    if (errors.any) {
      const status = errors.errors.granted === 'consent.error.employerChanged' ? 409 : 400;
      return { status, data: await this.page(user, enrolmentId, {}, { errors: errors.errors }) };
    }
    const granted = form.granted === 'yes';
    const changed = await this.transactions.run(async (manager) => {
      const latest = await manager.findOne(EmployerConsent, { where: { enrolmentId }, order: { id: 'DESC' } });
      if (granted && consentHolds(latest, organisationId)) return false;
      await manager.insert(EmployerConsent, { enrolmentId, organisationId: organisationId!, granted });
      await this.audit.record(
        { kind: granted ? 'consent_given' : 'consent_withdrawn', actorId: user.id, subjectId: user.id, object: { type: 'enrolment', id: enrolmentId }, detail: { organisation: organisationId! } },
        manager,
      );
      return true;
    });
    setFlash({ key: changed ? (granted ? 'consent.flash.granted' : 'consent.flash.withdrawn') : 'consent.flash.unchanged' });
    return { redirect: `/enrolments/${enrolmentId}/consent` };
  }

  /** Every look by an employer at this enrolment, newest first: who, for which organisation, when, page or export. */
  private async viewLog(enrolmentId: number, requestedPage: string | undefined) {
    // Counted first, so that a page number past the end shows the last page rather than an empty one.
    const pages = paging(requestedPage, await this.repository.countLooks(enrolmentId));
    return { rows: await this.repository.looks(enrolmentId, pages.offset, pages.limit), pages };
  }

  private async asStudent(user: SessionUser, enrolmentId: number): Promise<EnrolmentAccess> {
    const found = await this.access.enrolment(user, enrolmentId);
    if (!found.isStudent) throw new NotFoundException();
    return found;
  }
}
