import { Injectable } from '@nestjs/common';
import { assignmentStatus } from '../assignments/milestones';
import { attendanceRate } from '../cohorts/attendance-rate';
import type { SessionUser } from '../common/session-user';
import { AccessService, CohortInBrief } from '../cohorts/access.service';
import { periodStart, positionOn, programmeEnd } from '../cohorts/timeline';
import { today } from '../common/dates';
import type { CurriculumVersion } from '../curricula/curriculum-version.entity';
import { phasesOf, practicePeriods } from '../curricula/curriculum.types';
import { Locale, localise, translate } from '../i18n/i18n';
import { numbers } from '../i18n/numbers';
import { chartSvg, cumulativeByPeriod } from './chart';
import { CohortProgressRow, filterRows, ListState, queryString, readListState, sortHeaders, sortRows, summariseAssignment } from './cohort-rows';
import { toCsv } from '../common/csv';
import { KeptContent, Visit } from './kept-content';
import { HOURS_SHARE, paceFor, practiceShare, SIGN_OFF_GRACE } from './pace';
import { ProgressFiguresRepository, Trainee } from './progress-figures.repository';

/**
 * The coordinator's view of a cohort: per student the hours approved and waiting, attendance,
 * modules signed off, the project assignment and whether they are behind the programme's pace;
 * as a page, as CSV, and the approved hours over time as a chart.
 */
@Injectable()
export class CohortProgressService {
  constructor(
    private readonly access: AccessService,
    private readonly progress: ProgressFiguresRepository,
    private readonly kept: KeptContent,
  ) {}

  /**
   * The page around the students is made for every visit; the students' part (the table, its filter and the
   * chart) is kept per cohort, language, date and list state while the cohort's change stamps stand.
   */
  async page(user: SessionUser, cohortId: number, query: Record<string, unknown>, visit: Visit) {
    const { cohort, programme } = await this.access.cohortInBrief(user, cohortId);
    const state = readListState(query);
    const now = today();
    const content = programme.content;
    const rule = {
      percent: Math.round(HOURS_SHARE * 100),
      required: content.practice.requiredHours,
      expected: paceFor(content, cohort.startDate, now, 0, [], new Map()).expectedHours,
      unit: content.duration.unit,
      practicePhases: phasesOf(content)
        .filter((p) => p.kind === 'practice')
        .map((p) => translate(visit.locale, `rules.phase.span.${content.duration.unit}`, { from: p.from, to: p.to }))
        .join(', '),
      minimums: content.practice.categories.some((c) => c.minimumHours),
      grace: content.duration.unit === 'weeks' ? SIGN_OFF_GRACE.weeks.days : SIGN_OFF_GRACE.months.months,
    };
    const students = await this.kept.get({
      template: 'progress/fragments/cohort-students',
      scope: { cohortId: cohort.id },
      varies: [now, state],
      visit,
      work: async () => ({ model: await this.students(cohort, programme, state, now, rule, visit.locale), about: null }),
    });
    return {
      title: 'cohortProgress.title',
      cohort,
      programme,
      position: positionOn(cohort.startDate, now, content.duration.unit, content.duration.length),
      endDate: programmeEnd(cohort.startDate, content.duration.unit, content.duration.length),
      rule,
      students: students.html,
    };
  }

  /** What the students' part shows: the rows as filtered and ordered, the counts, and the chart of the whole cohort. */
  private async students(cohort: CohortInBrief, programme: CurriculumVersion, state: ListState, now: string, rule: { required: number }, locale: Locale) {
    const trainees = await this.progress.trainees({ cohortId: cohort.id });
    const all = await this.rows(cohort, programme, now, trainees);
    const rows = sortRows(filterRows(all, state), state.sort, state.dir);
    const base = `/cohorts/${cohort.id}/progress`;
    const modulesByKey = new Map(programme.content.modules.map((m) => [m.key, m]));
    const categoriesByKey = new Map(programme.content.practice.categories.map((c) => [c.key, c]));
    const days = await this.progress.approvedHoursByDate({ cohortId: cohort.id });
    return {
      cohort,
      state,
      rule,
      headers: Object.fromEntries(sortHeaders(state, base).map((h) => [h.key, h])),
      exportHref: `${base}.csv${queryString(state)}`,
      filtered: state.show !== 'all' || Boolean(state.q),
      // The filter form keeps the order chosen by the column headers.
      keepSort: state.sort !== 'name' || state.dir !== 'asc',
      counts: { total: all.length, behind: all.filter((r) => !r.pace.onPace).length, shown: rows.length },
      rows: rows.map((row) => ({
        ...row,
        hoursPercent: row.required ? Math.min(100, Math.floor((row.approved / row.required) * 100)) : 100,
        lateModules: row.pace.lateModules.map((key) => ({ key, title: modulesByKey.get(key)?.title })),
        lateCategories: row.pace.lateCategories.map((key) => ({ key, title: categoriesByKey.get(key)?.title })),
      })),
      chart: this.chart({
        id: 'cohort-hours',
        days,
        cohort,
        programme,
        target: programme.content.practice.requiredHours * all.length,
        title: translate(locale, 'progressChart.cohortTitle', { cohort: cohort.name }),
        locale,
      }),
    };
  }

  /** The same rows, filter and order as the page, as a spreadsheet file in the page's language. */
  async csv(user: SessionUser, cohortId: number, query: Record<string, unknown>, locale: Locale): Promise<{ filename: string; body: Buffer }> {
    const { cohort, programme } = await this.access.cohortInBrief(user, cohortId);
    const state = readListState(query);
    const now = today();
    const students = await this.progress.trainees({ cohortId: cohort.id });
    const rows = sortRows(filterRows(await this.rows(cohort, programme, now, students), state), state.sort, state.dir);
    const number = numbers(locale, 'plain');
    const titles = new Map(programme.content.modules.map((m) => [m.key, localise(m.title, locale).text]));
    const categoryTitles = new Map(programme.content.practice.categories.map((c) => [c.key, localise(c.title, locale).text]));
    const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, `cohortProgress.csv.${key}`, params);
    const header = ['name', 'approved', 'pending', 'required', 'attendance', 'threshold', 'modulesSignedOff', 'modulesTotal', 'assignment', 'pace', 'reasons'].map((k) => t(`col.${k}`));
    const lines = rows.map((row) => {
      const a = row.assignment;
      const assignment = a.required ? t(a.overdue ? 'assignmentOverdue' : 'assignment', { approved: a.approved, total: a.total }) : t('assignmentNotRequired');
      const reasons = row.pace.reasons.map((reason) =>
        reason === 'hours'
          ? t('reason.hours', { approved: number.format(row.approved), expected: number.format(row.pace.expectedHours) })
          : reason === 'categories'
            ? `${translate(locale, 'rules.pace.reason.categories')} ${row.pace.lateCategories.map((k) => categoryTitles.get(k) ?? k).join(', ')}.`
            : t('reason.modules', { modules: row.pace.lateModules.map((k) => titles.get(k) ?? k).join(', ') }),
      );
      return [
        row.name,
        number.format(row.approved),
        number.format(row.pending),
        number.format(row.required),
        row.attendance.percent === null ? '' : number.format(row.attendance.percent),
        number.format(row.attendance.threshold),
        row.modules.signedOff,
        row.modules.total,
        assignment,
        t(row.pace.onPace ? 'onPace' : 'behind'),
        reasons.join(' '),
      ];
    });
    return { filename: `${t('filename')}-${cohort.id}-${now}.csv`, body: toCsv(header, lines) };
  }

  /** One student's approved hours over the programme; for the student, their supervisors and the cohort's coordinators. */
  async studentChart(user: SessionUser, enrolmentId: number, locale: Locale) {
    const found = await this.access.enrolment(user, enrolmentId);
    const { enrolment, cohort, programme } = found;
    const scope = { enrolmentId: enrolment.id };
    const [hours, days] = await Promise.all([this.progress.hours(scope, [enrolment.id]), this.progress.approvedHoursByDate(scope)]);
    const required = programme.content.practice.requiredHours;
    const name = enrolment.student!.name;
    return {
      title: 'progressChart.studentPageTitle',
      enrolment,
      cohort,
      programme,
      isStudent: found.isStudent,
      canManage: found.canManage,
      // The practice log itself is for the student and their supervisors only.
      canSeeLog: found.isStudent || found.relations.has('supervisor'),
      name,
      totals: { approved: hours.get(enrolment.id)!.approvedHours, pending: hours.get(enrolment.id)!.pendingHours, required },
      chart: this.chart({
        id: 'student-hours',
        days,
        cohort,
        programme,
        target: required,
        title: translate(locale, found.isStudent ? 'progressChart.ownTitle' : 'progressChart.studentTitle', { name }),
        locale,
      }),
    };
  }

  /** A row per student, from a bounded number of statements: the students, then each kind of figure for all of them. */
  private async rows(cohort: CohortInBrief, programme: CurriculumVersion, now: string, students: Trainee[]): Promise<CohortProgressRow[]> {
    const content = programme.content;
    const scope = { cohortId: cohort.id };
    const figures = await this.progress.figures(
      scope,
      students.map((s) => s.enrolmentId),
    );
    const needSignOff = content.modules.filter((m) => m.signOff).map((m) => m.key);
    const rows: CohortProgressRow[] = [];
    for (const student of students) {
      const { approvedHours, pendingHours, approvedByCategory, attendance, signedOff: signed, submissions } = figures.get(student.enrolmentId)!;
      const signedOff = needSignOff.filter((key) => signed.has(key));
      rows.push({
        enrolmentId: student.enrolmentId,
        name: student.studentName,
        approved: approvedHours,
        pending: pendingHours,
        required: content.practice.requiredHours,
        attendance: attendanceRate(attendance, content.attendance.threshold),
        modules: { signedOff: signedOff.length, total: needSignOff.length },
        assignment: summariseAssignment(assignmentStatus(content, cohort.startDate, submissions, now)),
        pace: paceFor(content, cohort.startDate, now, approvedHours, signedOff, approvedByCategory),
      });
    }
    return rows;
  }

  private chart(input: { id: string; days: { date: string; hours: number }[]; cohort: CohortInBrief; programme: CurriculumVersion; target: number; title: string; locale: Locale }) {
    const content = input.programme.content;
    const { unit, length } = content.duration;
    const locale = input.locale;
    const number = numbers(locale);
    const startDate = input.cohort.startDate;
    const periods = cumulativeByPeriod(input.days, { startDate, unit, length, today: today() });
    const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, `progressChart.${key}`, params);
    // What the pace expects by the end of each period: flat outside the practice phases.
    const practice = practicePeriods(content);
    const expected = Array.from({ length }, (_, i) => Math.round(input.target * practiceShare(startDate, unit, practice, periodStart(startDate, unit, i + 2)) * 10) / 10);
    const phases = phasesOf(content).map((phase) => ({
      label: `${translate(locale, `rules.phase.${phase.kind}`)}: ${translate(locale, `rules.phase.span.${unit}`, { from: phase.from, to: phase.to })}`,
      from: phase.from,
      to: phase.to,
      shaded: phase.kind === 'practice',
    }));
    const svg = chartSvg({
      id: input.id,
      title: input.title,
      summary: t(`summary.${unit}`, { target: number.format(input.target) }),
      periods: length,
      points: periods.map((p) => ({ label: t(`period.${unit}`, { n: p.n }), value: p.cumulative })),
      target: input.target,
      targetLabel: t('target', { hours: number.format(input.target) }),
      expected: { label: translate(locale, 'rules.chart.expected'), values: expected },
      phases,
      axis: { x: t(`axis.${unit}`), y: t('axis.hours') },
      emptyText: t('empty'),
      locale,
    });
    return { id: input.id, svg, unit, periods: periods.map((p) => ({ ...p, expected: expected[p.n - 1] })), target: input.target, total: periods.at(-1)?.cumulative ?? 0 };
  }
}
