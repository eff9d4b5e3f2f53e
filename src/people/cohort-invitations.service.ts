import { Injectable } from '@nestjs/common';
import { AccessService } from '../cohorts/access.service';
import { FieldErrors, FormResult } from '../common/form-result';
import { isRowNumber } from '../common/form-fields';
import type { SessionUser } from '../common/session-user';
import { OrganisationsService } from '../users/organisations.service';
import { EmailTaken, normaliseEmail, OtherOrganisation, UsersService } from '../users/users.service';
import type { CohortInviteForm } from './dto/people-forms';
import { EMAIL, PeopleService } from './people.service';

/** The two kinds of people a coordinator brings into a cohort. */
export type InvitedRole = 'supervisor' | 'employer';

type Flash = (flash: object) => void;

/**
 * A coordinator invites supervisors and employer contacts into a cohort they run, without being an
 * administrator: a new account with that role and an invitation naming the cohort, or the role added to
 * the person who already has an account with that address. For anyone who does not run the cohort it
 * does not exist.
 */
@Injectable()
export class CohortInvitationsService {
  constructor(
    private readonly access: AccessService,
    private readonly users: UsersService,
    private readonly organisations: OrganisationsService,
    private readonly people: PeopleService,
  ) {}

  async form(user: SessionUser, cohortId: number, role: InvitedRole, values: Partial<CohortInviteForm> = {}, errors: Record<string, unknown> = {}) {
    const { cohort } = await this.access.cohort(user, cohortId);
    return {
      title: `cohortInvite.${role}.title`,
      lead: `cohortInvite.${role}.lead`,
      cohort: { id: cohort.id, name: cohort.name },
      action: `/cohorts/${cohort.id}/invite/${role}`,
      isEmployer: role === 'employer',
      values,
      errors,
      organisationOptions: role === 'employer' ? await this.people.organisationOptions(values.organisation) : [],
    };
  }

  async invite(user: SessionUser, cohortId: number, role: InvitedRole, form: CohortInviteForm, setFlash: Flash): Promise<FormResult> {
    const { cohort } = await this.access.cohort(user, cohortId);
    const errors = new FieldErrors();
    const email = normaliseEmail(form.email);
    if (!email) errors.add('email', 'people.error.emailRequired');
    else if (!EMAIL.test(email) || email.length > 254) errors.add('email', 'people.error.emailInvalid');
    if (form.name && form.name.length > 200) errors.add('name', 'people.error.nameTooLong');
    const organisationId = role === 'employer' ? await this.checkOrganisation(form.organisation, errors) : null;
    const existing = errors.errors.email ? null : await this.users.findByEmail(email);
    if (existing && !existing.active) errors.add('email', 'cohortInvite.error.deactivated');
    if (!existing && !errors.errors.email && !form.name) errors.add('name', 'cohortInvite.error.nameRequired');
    if (existing && organisationId && existing.organisationId && existing.organisationId !== organisationId) {
      errors.add('organisation', 'cohortInvite.error.otherOrganisation');
    }
    const again = async () => ({ status: 400, data: await this.form(user, cohortId, role, form, errors.errors) });
    if (errors.any) return again();

    if (existing) {
      const had = existing.hasRole(role) && (role !== 'employer' || existing.organisationId === organisationId);
      if (!had) {
        try {
          await this.users.addRole(existing.id, role, organisationId);
        } catch (error) {
          if (!(error instanceof OtherOrganisation)) throw error;
          errors.add('organisation', 'cohortInvite.error.otherOrganisation');
          return again();
        }
      }
      setFlash({ key: `cohortInvite.flash.${had ? 'already' : 'added'}.${role}`, name: existing.name, email: existing.email });
      return { redirect: `/cohorts/${cohort.id}` };
    }

    try {
      const created = await this.people.createAndInvite({ name: form.name!, email, roles: [role], organisationId }, user, cohort.id);
      setFlash({ key: `cohortInvite.flash.invited.${role}`, name: created.name, email: created.email });
      return { redirect: `/cohorts/${cohort.id}` };
    } catch (error) {
      // Someone made an account with this address a moment ago: sending the form again adds the role to it.
      if (!(error instanceof EmailTaken)) throw error;
      errors.add('email', 'cohortInvite.error.justTaken');
      return again();
    }
  }

  private async checkOrganisation(value: string | undefined, errors: FieldErrors): Promise<number | null> {
    if (!value) {
      errors.add('organisation', 'cohortInvite.error.organisationRequired');
      return null;
    }
    if (!isRowNumber(value) || !(await this.organisations.exists(Number(value)))) {
      errors.add('organisation', 'people.error.unknownOrganisation');
      return null;
    }
    return Number(value);
  }
}
