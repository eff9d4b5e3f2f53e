import { Injectable } from '@nestjs/common';
import { assignmentStatus, MilestoneState } from '../assignments/milestones';
import { AttendanceRate, attendanceRate } from '../cohorts/attendance-rate';
import type { SessionUser } from '../common/session-user';
import { programmeEnd } from '../cohorts/timeline';
import { today } from '../common/dates';
import { CurriculaService } from '../curricula/curricula.service';
import { GroupedWrites } from '../common/grouped-writes';
import { Locale, LocalisedText, localise, translate } from '../i18n/i18n';
import { numbers } from '../i18n/numbers';
import { toCsv } from '../common/csv';
import { KeptContent, Visit } from './kept-content';
import type { ViewKind } from './employer-view.entity';
import { EmployerViewsRepository, Look } from './employer-views.repository';
import { paceFor, Pace } from './pace';
import { ProgressFiguresRepository, Trainee } from './progress-figures.repository';

/** The project assignment in a few words: how many milestones are approved, the next one's state, and whether one is late. */
export interface AssignmentSummary {
  /** The programme has an assignment with milestones. */
  exists: boolean;
  approved: number;
  total: number;
  done: boolean;
  overdue: boolean;
  next?: { title: LocalisedText; state: MilestoneState };
}

/**
 * One consenting trainee's line. Only figures and states: never a practice text, a reflection,
 * feedback or a reason for absence, so nothing here can leak one.
 */
export interface TraineeRow {
  enrolmentId: number;
  name: string;
  programme: LocalisedText;
  cohort: string;
  approvedHours: number;
  requiredHours: number;
  modules: { signedOff: number; total: number };
  attendance: AttendanceRate;
  assignment: AssignmentSummary;
  endDate: string;
  pace: Pace;
  lateModules: LocalisedText[];
  lateCategories: LocalisedText[];
}

const collator = new Intl.Collator('nb', { sensitivity: 'base' });

/**
 * What an employer sees: the trainees of their own organisation who consented, one line each, as a page
 * or a CSV file. Every look is logged per trainee, and the trainee can read that log.
 */
@Injectable()
export class EmployerService {
  /** The looks of the moment, written as one statement. */
  private readonly looks: GroupedWrites<Look>;

  constructor(
    private readonly progress: ProgressFiguresRepository,
    private readonly views: EmployerViewsRepository,
    private readonly curricula: CurriculaService,
    private readonly kept: KeptContent,
  ) {
    this.looks = new GroupedWrites((rows) => this.views.insert(rows));
  }

  /**
   * The page around the trainees is made for every visit; the trainees' part is kept per organisation, language
   * and date while the change stamps of their cohorts stand (consent is one of the rows that move them). Each
   * look is logged for exactly the trainees the part shows.
   */
  async page(user: SessionUser, visit: Visit) {
    const organisation = user.organisationId === null ? undefined : await this.views.organisation(user.organisationId);
    if (!organisation) return { title: 'employer.title', organisation: null };
    const now = today();
    const trainees = await this.kept.get({
      template: 'progress/fragments/employer-trainees',
      scope: { organisationId: organisation.id },
      varies: [now],
      visit,
      work: async () => {
        const rows = await this.rows(organisation.id, await this.progress.trainees({ organisationId: organisation.id }), now);
        return { model: { rows, behind: rows.filter((r) => !r.pace.onPace).length }, about: rows.map((row) => row.enrolmentId) };
      },
    });
    await this.log(user, organisation.id, trainees.about, 'page');
    return { title: 'employer.title', organisation, trainees: trainees.html };
  }

  /** The same table as a file for the employer's own records, headed in the page's language. */
  async csv(user: SessionUser, locale: Locale): Promise<{ filename: string; body: Buffer }> {
    const { organisation, trainees } = await this.inScope(user);
    const rows = organisation ? await this.rows(organisation.id, trainees, today()) : [];
    if (organisation) await this.log(user, organisation.id, rows.map((row) => row.enrolmentId), 'csv');
    const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
    const number = numbers(locale, 'plain');
    const header = ['name', 'programme', 'cohort', 'approvedHours', 'requiredHours', 'modulesSignedOff', 'modulesTotal', 'attendance', 'attendanceThreshold', 'assignment', 'endDate', 'onPace', 'reason'].map(
      (column) => t(`employer.csv.${column}`),
    );
    const body = rows.map((row) => [
      row.name,
      localise(row.programme, locale).text,
      row.cohort,
      number.format(row.approvedHours),
      number.format(row.requiredHours),
      row.modules.signedOff,
      row.modules.total,
      row.attendance.percent === null ? '' : row.attendance.percent,
      row.attendance.threshold,
      assignmentText(row.assignment, locale),
      row.endDate,
      t(row.pace.onPace ? 'employer.pace.yes' : 'employer.pace.no'),
      paceText(row, locale),
    ]);
    return { filename: `${t('employer.csv.filename')}-${today()}.csv`, body: toCsv(header, body) };
  }

  /** The person's organisation and its trainees who consent to it following them (the consent rule is in SQL: no one else is read). */
  private async inScope(user: SessionUser): Promise<{ organisation: { id: number; name: string } | null; trainees: Trainee[] }> {
    const organisation = user.organisationId === null ? undefined : await this.views.organisation(user.organisationId);
    if (!organisation) return { organisation: null, trainees: [] };
    return { organisation, trainees: await this.progress.trainees({ organisationId: organisation.id }) };
  }

  /** One line per trainee, by name. */
  private async rows(organisationId: number, trainees: Trainee[], now: string): Promise<TraineeRow[]> {
    if (trainees.length === 0) return [];
    const figures = await this.progress.figures(
      { organisationId },
      trainees.map((t) => t.enrolmentId),
    );
    const rows: TraineeRow[] = [];
    for (const trainee of trainees) {
      const { content } = await this.curricula.getVersion(trainee.versionId);
      const { approvedHours, approvedByCategory, attendance, signedOff: signed, submissions } = figures.get(trainee.enrolmentId)!;
      const assignment = assignmentStatus(content, trainee.startDate, submissions, now);
      const needing = content.modules.filter((m) => m.signOff);
      const signedOff = needing.filter((m) => signed.has(m.key)).map((m) => m.key);
      const pace = paceFor(content, trainee.startDate, now, approvedHours, signedOff, approvedByCategory);
      const next = assignment.milestones.find((m) => m.state !== 'approved');
      rows.push({
        enrolmentId: trainee.enrolmentId,
        name: trainee.studentName,
        programme: content.title,
        cohort: trainee.cohortName,
        approvedHours,
        requiredHours: content.practice.requiredHours,
        modules: { signedOff: signedOff.length, total: needing.length },
        attendance: attendanceRate(attendance, content.attendance.threshold),
        assignment: {
          exists: assignment.milestones.length > 0,
          approved: assignment.milestones.filter((m) => m.state === 'approved').length,
          total: assignment.milestones.length,
          done: assignment.approved,
          overdue: assignment.milestones.some((m) => m.overdue),
          next: next ? { title: next.title, state: next.state } : undefined,
        },
        endDate: programmeEnd(trainee.startDate, content.duration.unit, content.duration.length),
        pace,
        lateModules: pace.lateModules.map((key) => content.modules.find((m) => m.key === key)!.title),
        lateCategories: pace.lateCategories.map((key) => content.practice.categories.find((c) => c.key === key)!.title),
      });
    }
    rows.sort((a, b) => collator.compare(a.name, b.name) || a.enrolmentId - b.enrolmentId);
    return rows;
  }

  /**
   * One log row per trainee shown, exactly those on the page or in the file. The page or file is given only
   * once its rows are stored. Looks at the same moment share one statement (`GroupedWrites`): a look at 40
   * trainees writes to 40 places in the log's index, and on a busy day many looks share those writes.
   */
  private async log(user: SessionUser, organisationId: number, enrolmentIds: number[], kind: ViewKind): Promise<void> {
    await this.looks.add(enrolmentIds.map((enrolmentId) => [enrolmentId, user.id, organisationId, kind]));
  }
}

/** The assignment cell: "2 of 3 milestones approved; next: Draft – submitted; late". */
export function assignmentText(a: AssignmentSummary, locale: Locale): string {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
  if (!a.exists) return t('employer.assignment.none');
  if (a.done) return t('employer.assignment.approved');
  const parts = [t('employer.assignment.progress', { approved: a.approved, total: a.total })];
  if (a.next) parts.push(t('employer.assignment.next', { title: localise(a.next.title, locale).text, state: t(`employer.milestone.${a.next.state}`) }));
  if (a.overdue) parts.push(t('employer.assignment.overdue'));
  return parts.join('; ');
}

/** Why a trainee is behind, in words; empty when on pace. */
export function paceText(row: Pick<TraineeRow, 'pace' | 'approvedHours' | 'lateModules' | 'lateCategories'>, locale: Locale): string {
  const number = numbers(locale);
  const titles = (list: LocalisedText[]) => list.map((title) => localise(title, locale).text).join(', ');
  return row.pace.reasons
    .map((reason) =>
      reason === 'hours'
        ? translate(locale, 'employer.pace.reason.hours', { approved: number.format(row.approvedHours), expected: number.format(row.pace.expectedHours) })
        : reason === 'categories'
          ? `${translate(locale, 'rules.pace.reason.categories')} ${titles(row.lateCategories)}`
          : `${translate(locale, 'employer.pace.reason.modules')} ${titles(row.lateModules)}`,
    )
    .join(' ');
}
