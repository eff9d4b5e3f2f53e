import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AttendanceService } from '../attendance/attendance.service';
import { TeachingDay } from '../attendance/teaching-day.entity';
import { InvitationsService } from '../accounts/invitations.service';
import type { SessionUser } from '../common/session-user';
import { isIsoDate, today } from '../common/dates';
import { FieldErrors, FormResult } from '../common/form-result';
import { isRowNumber } from '../common/form-fields';
import { CurriculaService } from '../curricula/curricula.service';
import type { CurriculumVersion } from '../curricula/curriculum-version.entity';
import { WEEKDAYS } from '../curricula/curriculum.types';
import { Transactions } from '../database/transactions';
import { Organisation } from '../users/organisation.entity';
import { User, UserRole } from '../users/user.entity';
import { normaliseEmail, UsersService } from '../users/users.service';
import { AccessService } from '../cohorts/access.service';
import { CohortsService } from '../cohorts/cohorts.service';
import { Enrolment } from '../cohorts/enrolment.entity';
import { clockTime, DEFAULT_HOURS, describeHours, hoursProblems } from '../cohorts/teaching-hours';
import { positionOn, programmeEnd } from '../cohorts/timeline';
import { CohortAdminRepository } from './cohort-admin.repository';
import { CohortSetupService } from './cohort-setup.service';
import type { CohortForm, EnrolForm, EnrolmentForm } from './dto/cohort-forms';
import { AuditService } from '../audit/audit.service';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What coordinators do with cohorts: create and edit them, enrol students, assign supervisors and employers. */
@Injectable()
export class CohortAdminService {
  constructor(
    @InjectRepository(Enrolment) private readonly enrolments: Repository<Enrolment>,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Organisation) private readonly organisations: Repository<Organisation>,
    private readonly access: AccessService,
    private readonly cohortsService: CohortsService,
    private readonly setup: CohortSetupService,
    private readonly curricula: CurriculaService,
    private readonly attendance: AttendanceService,
    private readonly usersService: UsersService,
    private readonly invitations: InvitationsService,
    private readonly transactions: Transactions,
    private readonly repository: CohortAdminRepository,
    private readonly audit: AuditService,
  ) {}

  async list(user: SessionUser) {
    return { title: 'cohorts.title', cohorts: await this.cohortsService.cohortsFor(user) };
  }

  // ---- creating and editing cohorts

  async newForm(user: SessionUser, values: Partial<CohortForm> = {}, errors: Record<string, unknown> = {}) {
    const programme = values.programme ? this.curricula.currentVersionOf(values.programme) : undefined;
    const weekdays = values.weekdays ?? programme?.content.schedule.weekdays ?? [];
    const coordinators = values.coordinators ?? (user.roles.includes('coordinator') ? [String(user.id)] : []);
    return {
      title: 'cohorts.new.title',
      values: { ...DEFAULT_HOURS, ...values },
      errors,
      programmeOptions: this.curricula.list().map((v) => ({ value: v.slug, title: v.content.title, selected: v.slug === values.programme })),
      weekdayOptions: this.weekdayOptions(weekdays),
      coordinatorOptions: await this.peopleOptions('coordinator', coordinators),
    };
  }

  async create(user: SessionUser, form: CohortForm): Promise<FormResult> {
    const errors = new FieldErrors();
    const programme = form.programme ? this.curricula.currentVersionOf(form.programme) : undefined;
    if (!programme) errors.add('programme', 'cohort.error.programmeRequired');
    this.checkStartDate(form.startDate, errors);
    if (programme) this.checkWeekdays(form.weekdays, programme, errors);
    const hours = this.checkHours(form, { ...DEFAULT_HOURS, place: '' }, errors);
    const coordinatorIds = await this.checkCoordinators(user, form.coordinators, errors);
    if (errors.any) return { status: 400, data: await this.newForm(user, form, errors.errors) };

    const cohort = await this.setup.create({
      name: form.name,
      curriculumVersionId: programme!.id,
      startDate: form.startDate,
      coordinatorIds,
      teachingWeekdays: form.weekdays,
      ...hours,
    });
    await this.audit.record({ kind: 'admin_act', object: { type: 'cohort', id: cohort.id }, detail: { act: 'cohort_created' } });
    return { redirect: `/cohorts/${cohort.id}` };
  }

  async editForm(user: SessionUser, cohortId: number, values?: Partial<CohortForm>, errors: Record<string, unknown> = {}) {
    const { cohort, programme } = await this.access.cohort(user, cohortId);
    const current: Partial<CohortForm> = values ?? {
      name: cohort.name,
      startDate: cohort.startDate,
      coordinators: (cohort.coordinators ?? []).map((c) => String(c.id)),
      startTime: cohort.startTime,
      endTime: cohort.endTime,
      place: cohort.place,
      version: String(cohort.version),
    };
    const startDateLocked = await this.repository.hasAttendance(cohort.id);
    return {
      title: 'cohorts.edit.title',
      cohort,
      programme,
      // A locked start date is not a field the person can type in: the page shows, and sends back, the stored one.
      values: startDateLocked ? { ...current, startDate: cohort.startDate } : current,
      errors,
      startDateLocked,
      coordinatorOptions: await this.peopleOptions('coordinator', current.coordinators ?? []),
    };
  }

  async update(user: SessionUser, cohortId: number, form: CohortForm): Promise<FormResult> {
    const { cohort, programme } = await this.access.cohort(user, cohortId);
    const errors = new FieldErrors();
    const startDateChanged = form.startDate !== cohort.startDate;
    if (startDateChanged) {
      this.checkStartDate(form.startDate, errors);
      if (await this.repository.hasAttendance(cohort.id)) errors.add('startDate', 'cohort.error.startDateLocked');
    }
    const hours = this.checkHours(form, cohort, errors);
    const coordinatorIds = await this.checkCoordinators(user, form.coordinators, errors);
    if (errors.any) return { status: 400, data: await this.editForm(user, cohortId, form, errors.errors) };

    await this.transactions.run(async (manager) => {
      // Only the version the form was made from may be changed: a second editor gets a conflict, not an overwrite.
      const updated = await this.repository.updateCohort(manager, cohort.id, Number(form.version), { name: form.name, startDate: form.startDate, ...hours });
      if (!updated) throw new ConflictException('cohort.error.conflict');
      await this.repository.replaceCoordinators(manager, cohort.id, coordinatorIds);
      if (startDateChanged) {
        await manager.delete(TeachingDay, { cohortId: cohort.id });
        await this.attendance.generateForCohort(manager, { ...cohort, startDate: form.startDate }, programme);
      }
      await this.audit.record({ kind: 'admin_act', object: { type: 'cohort', id: cohort.id }, detail: { act: 'cohort_changed', coordinators: coordinatorIds.map(String) } }, manager);
    });
    return { redirect: `/cohorts/${cohort.id}` };
  }

  // ---- the cohort page

  async show(user: SessionUser, cohortId: number) {
    const { cohort, programme } = await this.access.cohort(user, cohortId);
    const enrolments = await this.enrolments.find({
      where: { cohortId },
      relations: { student: true, supervisors: true, employerOrganisation: true },
      order: { id: 'ASC' },
    });
    const rates = await this.attendance.rates(enrolments.map((e) => e.id), programme.content.attendance.threshold);
    enrolments.sort((a, b) => a.student!.name.localeCompare(b.student!.name, 'nb'));
    return {
      titleText: { nb: cohort.name },
      cohort,
      programme,
      position: positionOn(cohort.startDate, today(), programme.content.duration.unit, programme.content.duration.length),
      endDate: programmeEnd(cohort.startDate, programme.content.duration.unit, programme.content.duration.length),
      weekdays: cohort.teachingWeekdays.map((d) => `weekday.${d}`),
      teachingHours: describeHours(cohort),
      students: enrolments.map((e) => ({
        id: e.id,
        name: e.student!.name,
        email: e.student!.email,
        supervisors: (e.supervisors ?? []).map((s) => s.name).sort(),
        employer: e.employerOrganisation?.name,
        attendance: rates.get(e.id),
      })),
    };
  }

  // ---- enrolments

  async enrolForm(user: SessionUser, cohortId: number, values: Partial<EnrolForm> = {}, errors: Record<string, unknown> = {}) {
    const { cohort, programme } = await this.access.cohort(user, cohortId);
    return {
      title: 'enrolment.new.title',
      cohort,
      programme,
      values,
      errors,
      supervisorOptions: await this.peopleOptions('supervisor', values.supervisors ?? []),
      employerOptions: await this.organisationOptions(values.employer),
    };
  }

  async enrol(user: SessionUser, cohortId: number, form: EnrolForm, setFlash: (flash: object) => void): Promise<FormResult> {
    const { cohort } = await this.access.cohort(user, cohortId);
    const errors = new FieldErrors();
    const email = normaliseEmail(form.email);
    if (!EMAIL.test(email)) errors.add('email', 'enrolment.error.emailInvalid');
    let student = EMAIL.test(email) ? await this.users.findOne({ where: { email } }) : null;
    if (student && (await this.enrolments.exists({ where: { cohortId, studentId: student.id } }))) {
      errors.add('email', 'enrolment.error.alreadyEnrolled');
    }
    if (!student && EMAIL.test(email) && !form.name) errors.add('name', 'enrolment.error.nameRequired');
    const supervisorIds = await this.checkPeople('supervisor', form.supervisors, 'supervisors', errors);
    const employerId = await this.checkEmployer(form.employer, errors);
    if (errors.any) return { status: 400, data: await this.enrolForm(user, cohortId, form, errors.errors) };

    const invited = !student;
    // The account, its invitation e-mail and the enrolment are stored together, or none of them.
    student = await this.transactions.run(async (manager) => {
      let enrolled = student;
      if (!enrolled) {
        enrolled = await this.usersService.create({ email, name: form.name!, roles: ['student'] }, manager);
        await this.audit.record({ kind: 'account_created', subjectId: enrolled.id, detail: { roles: ['student'] } }, manager);
        await this.invitations.invite(enrolled, user, { manager, cohortId: cohort.id });
      } else if (!enrolled.roles.includes('student')) {
        await manager.insert(UserRole, { userId: enrolled.id, role: 'student' });
      }
      const enrolment = await this.setup.enrol({ cohortId: cohort.id, studentId: enrolled.id, supervisorIds, employerOrganisationId: employerId }, manager);
      await this.audit.record({ kind: 'admin_act', subjectId: enrolled.id, object: { type: 'enrolment', id: enrolment.id }, detail: { act: 'enrolled', cohort: cohort.id } }, manager);
      return enrolled;
    });
    setFlash({ key: invited ? 'enrolment.flash.invited' : 'enrolment.flash.enrolled', name: student.name, email: student.email });
    return { redirect: `/cohorts/${cohort.id}` };
  }

  async enrolmentForm(user: SessionUser, enrolmentId: number, values?: Partial<EnrolmentForm>, errors: Record<string, unknown> = {}) {
    const found = await this.access.enrolment(user, enrolmentId);
    if (!found.canManage) throw new NotFoundException();
    const { enrolment } = found;
    const current = values ?? {
      supervisors: (enrolment.supervisors ?? []).map((s) => String(s.id)),
      employer: enrolment.employerOrganisationId ? String(enrolment.employerOrganisationId) : '',
      version: String(enrolment.version),
    };
    return {
      title: 'enrolment.edit.title',
      enrolment,
      cohort: found.cohort,
      programme: found.programme,
      values: current,
      errors,
      supervisorOptions: await this.peopleOptions('supervisor', current.supervisors ?? []),
      employerOptions: await this.organisationOptions(current.employer),
    };
  }

  async updateEnrolment(user: SessionUser, enrolmentId: number, form: EnrolmentForm): Promise<FormResult> {
    const found = await this.access.enrolment(user, enrolmentId);
    if (!found.canManage) throw new NotFoundException();
    const errors = new FieldErrors();
    const supervisorIds = await this.checkPeople('supervisor', form.supervisors, 'supervisors', errors);
    const employerId = await this.checkEmployer(form.employer, errors);
    if (errors.any) return { status: 400, data: await this.enrolmentForm(user, enrolmentId, form, errors.errors) };
    await this.transactions.run(async (manager) => {
      const updated = await this.repository.updateEnrolment(manager, enrolmentId, Number(form.version), employerId);
      if (!updated) throw new ConflictException('enrolment.error.conflict');
      await this.repository.replaceSupervisors(manager, enrolmentId, supervisorIds);
      await this.audit.record(
        {
          kind: 'admin_act',
          subjectId: found.enrolment.studentId,
          object: { type: 'enrolment', id: enrolmentId },
          detail: { act: 'enrolment_changed', supervisors: supervisorIds.map(String), employer: employerId },
        },
        manager,
      );
    });
    return { redirect: `/cohorts/${found.cohort.id}` };
  }

  // ---- rules shared by the forms

  private checkStartDate(value: string, errors: FieldErrors): void {
    if (!isIsoDate(value)) errors.add('startDate', 'cohort.error.startDateInvalid');
    else if (value < '2000-01-01' || value > '2100-12-31') errors.add('startDate', 'cohort.error.startDateRange');
  }

  /**
   * The usual start, end and place of a teaching day. A field the form did not send at all (a page older than
   * these fields) keeps what `current` holds; one sent empty or not a time of day is a mistake to show.
   */
  private checkHours(form: CohortForm, current: { startTime: string; endTime: string; place: string }, errors: FieldErrors) {
    const startTime = form.startTime === undefined ? current.startTime : clockTime(form.startTime);
    const endTime = form.endTime === undefined ? current.endTime : clockTime(form.endTime);
    const problems = hoursProblems(startTime, endTime);
    if (problems.start) errors.add('startTime', problems.start);
    if (problems.end) errors.add('endTime', problems.end);
    return { startTime: startTime ?? '', endTime: endTime ?? '', place: form.place ?? current.place };
  }

  private checkWeekdays(weekdays: string[], programme: CurriculumVersion, errors: FieldErrors): void {
    const wanted = programme.content.schedule.daysPerWeek;
    if (weekdays.some((d) => !(WEEKDAYS as readonly string[]).includes(d))) errors.add('weekdays', 'cohort.error.weekdaysUnknown');
    else if (new Set(weekdays).size !== wanted) errors.add('weekdays', 'cohort.error.weekdaysCount', { count: wanted });
  }

  private async checkCoordinators(user: SessionUser, values: string[], errors: FieldErrors): Promise<number[]> {
    const ids = await this.checkPeople('coordinator', values, 'coordinators', errors);
    if (!errors.errors.coordinators) {
      if (ids.length === 0) errors.add('coordinators', 'cohort.error.coordinatorRequired');
      else if (!user.roles.includes('admin') && !ids.includes(user.id)) errors.add('coordinators', 'cohort.error.keepYourself');
    }
    return ids;
  }

  /** The chosen people, each of whom must hold the role; an unknown id is an error, never silently dropped. */
  private async checkPeople(role: 'coordinator' | 'supervisor', values: string[], field: string, errors: FieldErrors): Promise<number[]> {
    if (!values.every(isRowNumber)) {
      errors.add(field, `cohort.error.unknownPerson`);
      return [];
    }
    const ids = [...new Set(values.map(Number))];
    if (ids.length === 0) return [];
    const found = await this.users.manager.find(UserRole, { where: { userId: In(ids), role } });
    if (found.length !== ids.length) errors.add(field, 'cohort.error.unknownPerson');
    return ids;
  }

  private async checkEmployer(value: string | undefined, errors: FieldErrors): Promise<number | null> {
    if (!value) return null;
    const id = Number(value);
    if (!isRowNumber(value) || !(await this.organisations.exists({ where: { id } }))) {
      errors.add('employer', 'enrolment.error.unknownEmployer');
      return null;
    }
    return id;
  }

  private weekdayOptions(chosen: string[]) {
    return WEEKDAYS.map((day) => ({ value: day, labelKey: `weekday.${day}`, checked: chosen.includes(day) }));
  }

  private async peopleOptions(role: 'coordinator' | 'supervisor', chosen: string[]) {
    const people = await this.repository.activeWithRole(role);
    return people.map((p) => ({ value: String(p.id), label: `${p.name} (${p.email})`, checked: chosen.includes(String(p.id)) }));
  }

  private async organisationOptions(chosen: string | undefined) {
    const organisations = await this.organisations.find({ order: { name: 'ASC' } });
    return organisations.map((o) => ({ value: String(o.id), label: o.name, selected: String(o.id) === chosen }));
  }

}
