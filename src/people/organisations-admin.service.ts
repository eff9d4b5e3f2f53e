import { Injectable, NotFoundException } from '@nestjs/common';
import { FieldErrors, FormResult } from '../common/form-result';
import { Organisation, ORGANISATION_KINDS, OrganisationKind } from '../users/organisation.entity';
import { isOrganisationNumber, normaliseOrganisationNumber } from '../users/organisation-number';
import { OrganisationFields, OrganisationNumberTaken, OrganisationsService } from '../users/organisations.service';
import { RecordChanged, UsersService } from '../users/users.service';
import type { OrganisationEditForm, OrganisationForm } from './dto/people-forms';
import { EMAIL } from './people.service';
import { AuditService } from '../audit/audit.service';

type Flash = (flash: object) => void;

const kindKey = (kind: OrganisationKind) => `organisations.kind.${kind}`;

/** The administrators' pages for employers and placement sites: the list, a new one, and changes to one. */
@Injectable()
export class OrganisationsAdminService {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  async list() {
    const rows = await this.organisations.listWithPeople();
    return {
      title: 'organisations.title',
      organisations: rows.map(({ organisation, people }) => ({ ...this.view(organisation), people })),
    };
  }

  newForm(values: Partial<OrganisationForm> = {}, errors: Record<string, unknown> = {}) {
    return { title: 'organisations.new.title', values, errors, kindOptions: this.kindOptions(values.kind) };
  }

  async create(form: OrganisationForm, setFlash: Flash): Promise<FormResult> {
    const { errors, fields } = this.check(form);
    if (fields) {
      try {
        const organisation = await this.organisations.create(fields);
        await this.audit.record({ kind: 'admin_act', object: { type: 'organisation', id: organisation.id }, detail: { act: 'organisation_created' } });
        setFlash({ key: 'organisations.flash.created', name: organisation.name });
        return { redirect: `/organisations/${organisation.id}` };
      } catch (error) {
        if (!(error instanceof OrganisationNumberTaken)) throw error;
        errors.add('organisationNumber', 'organisations.error.numberTaken');
      }
    }
    return { status: 400, data: this.newForm(form, errors.errors) };
  }

  async editForm(id: number, values?: Partial<OrganisationEditForm>, errors: Record<string, unknown> = {}, stored?: object) {
    const organisation = await this.find(id);
    const current: Partial<OrganisationEditForm> = values ?? {
      name: organisation.name,
      kind: organisation.kind,
      organisationNumber: organisation.organisationNumber ?? '',
      contactEmail: organisation.contactEmail ?? '',
      version: String(organisation.version),
    };
    const people = await this.users.inOrganisation(id);
    return {
      titleText: { nb: organisation.name },
      organisation: this.view(organisation),
      people: people.map((p) => ({ id: p.id, name: p.name, email: p.email, active: p.active, roles: p.roles.map((r) => `people.role.${r}`) })),
      values: current,
      errors,
      stored,
      kindOptions: this.kindOptions(current.kind),
    };
  }

  async update(id: number, form: OrganisationEditForm, setFlash: Flash): Promise<FormResult> {
    await this.find(id);
    const { errors, fields } = this.check(form);
    if (fields) {
      try {
        await this.organisations.update(id, Number(form.version), fields);
        await this.audit.record({ kind: 'admin_act', object: { type: 'organisation', id }, detail: { act: 'organisation_changed' } });
        setFlash({ key: 'organisations.flash.saved', name: fields.name });
        return { redirect: `/organisations/${id}` };
      } catch (error) {
        if (error instanceof RecordChanged) {
          const now = await this.find(id);
          const data = await this.editForm(id, { ...form, version: String(now.version) }, { organisation: 'organisations.error.conflict' }, this.view(now));
          return { status: 409, data };
        }
        if (!(error instanceof OrganisationNumberTaken)) throw error;
        errors.add('organisationNumber', 'organisations.error.numberTaken');
      }
    }
    return { status: 400, data: await this.editForm(id, form, errors.errors) };
  }

  private check(form: OrganisationForm): { errors: FieldErrors; fields?: OrganisationFields } {
    const errors = new FieldErrors();
    const name = form.name.trim();
    if (!name) errors.add('name', 'organisations.error.nameRequired');
    else if (name.length > 200) errors.add('name', 'organisations.error.nameTooLong');
    const kind = (ORGANISATION_KINDS as readonly string[]).includes(form.kind) ? (form.kind as OrganisationKind) : undefined;
    if (!kind) errors.add('kind', 'organisations.error.kindRequired');
    const organisationNumber = form.organisationNumber ? normaliseOrganisationNumber(form.organisationNumber) : '';
    if (organisationNumber && !/^\d{9}$/.test(organisationNumber)) errors.add('organisationNumber', 'organisations.error.numberDigits');
    else if (organisationNumber && !isOrganisationNumber(organisationNumber)) errors.add('organisationNumber', 'organisations.error.numberCheck');
    const contactEmail = form.contactEmail?.trim().toLowerCase() ?? '';
    if (contactEmail && (!EMAIL.test(contactEmail) || contactEmail.length > 254)) errors.add('contactEmail', 'organisations.error.emailInvalid');
    if (errors.any) return { errors };
    return { errors, fields: { name, kind: kind!, organisationNumber: organisationNumber || null, contactEmail: contactEmail || null } };
  }

  private async find(id: number): Promise<Organisation> {
    const organisation = await this.organisations.find(id);
    if (!organisation) throw new NotFoundException();
    return organisation;
  }

  private view(organisation: Organisation) {
    return {
      id: organisation.id,
      name: organisation.name,
      kindKey: kindKey(organisation.kind),
      organisationNumber: organisation.organisationNumber,
      // Shown in the register's groups of three: 974 760 673.
      organisationNumberShown: organisation.organisationNumber?.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3'),
      contactEmail: organisation.contactEmail,
    };
  }

  private kindOptions(chosen: string | undefined) {
    return ORGANISATION_KINDS.map((kind) => ({ value: kind, labelKey: kindKey(kind), checked: kind === chosen }));
  }
}
