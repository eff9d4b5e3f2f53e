import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan, MoreThan } from 'typeorm';
import { AttendanceRecord, AttendanceStatus } from '../attendance/attendance-record.entity';
import { TeachingDay } from '../attendance/teaching-day.entity';
import { LessonProgress } from '../learning/lesson-progress.entity';
import { ModuleSignoff } from '../learning/module-signoff.entity';
import { Reflection } from '../learning/reflection.entity';
import type { CurriculumVersion } from '../curricula/curriculum-version.entity';
import { PracticeService } from '../practice/practice.service';
import { AssignmentsService } from '../assignments/assignments.service';
import { AssignmentSubmission } from '../assignments/submission.entity';
import { CertificatesService } from '../certificates/certificates.service';
import { LearningService } from '../learning/learning.service';
import { Enrolment } from '../cohorts/enrolment.entity';
import { ConsentService } from '../progress/consent.service';
import { randomBytes } from 'crypto';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { CohortSetupService } from '../cohort-admin/cohort-setup.service';
import { addDays, addMonths, daysBetween, today, weekdayIndex } from '../common/dates';
import { periodStart, programmeEnd } from '../cohorts/timeline';
import { practicePeriods } from '../curricula/curriculum.types';
import { CurriculaService } from '../curricula/curricula.service';
import type { Role } from '../common/roles';
import { UsersService } from '../users/users.service';

export const DEMO_ACCOUNTS: { email: string; name: string; roles: Role[] }[] = [
  { email: 'student@demo.test', name: 'Sara Dahl', roles: ['student'] },
  { email: 'supervisor@demo.test', name: 'Per Haugen', roles: ['supervisor'] },
  { email: 'employer@demo.test', name: 'Eva Lund', roles: ['employer'] },
  { email: 'coordinator@demo.test', name: 'Kari Nygård', roles: ['coordinator'] },
  { email: 'admin@demo.test', name: 'Ada Strand', roles: ['admin'] },
];

const FELLOW_STUDENTS = [
  { email: 'jonas@demo.test', name: 'Jonas Berg', programme: 'erfaringsskolen' },
  { email: 'amina@demo.test', name: 'Amina Hassan', programme: 'erfaringsskolen' },
  { email: 'lars@demo.test', name: 'Lars Nilsen', programme: 'mb-bergen' },
  { email: 'ingrid@demo.test', name: 'Ingrid Moe', programme: 'mb-bergen' },
];

export interface DemoResult {
  created: boolean;
  password?: string;
  generatedPassword?: boolean;
}

/**
 * A demo installation for trying Brobygger out: one running cohort of each
 * headline programme and one account per role. Only ever on an empty database,
 * and never in production.
 */
@Injectable()
export class DemoService {
  private readonly logger = new Logger('Demo');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly cohorts: CohortSetupService,
    private readonly curricula: CurriculaService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly practice: PracticeService,
    private readonly assignments: AssignmentsService,
    private readonly learning: LearningService,
    private readonly certificates: CertificatesService,
    private readonly consent: ConsentService,
  ) {}

  async seedIfEmpty(): Promise<DemoResult> {
    if (this.config.env === 'production' || !this.config.demo) return { created: false };
    if ((await this.users.count()) > 0) return { created: false };
    const password = this.config.demoPassword ?? randomBytes(12).toString('base64url');
    await this.seed(password);
    return { created: true, password, generatedPassword: !this.config.demoPassword };
  }

  private async seed(password: string): Promise<void> {
    const employer = await this.users.createOrganisation('Fjordvik kommune, psykisk helse og rus');
    const placement = await this.users.createOrganisation('Brygga recoverysenter', { kind: 'placement' });
    const accounts = new Map<string, number>();
    for (const account of DEMO_ACCOUNTS) {
      const user = await this.users.create({
        ...account,
        password,
        organisationId: account.roles.includes('employer') ? employer.id : null,
      });
      accounts.set(account.email, user.id);
    }
    const coordinatorId = accounts.get('coordinator@demo.test')!;
    const supervisorId = accounts.get('supervisor@demo.test')!;

    const now = today();
    const monday = addDays(now, -weekdayIndex(now));
    const cohortIds = new Map<string, number>();
    const erfaringsskolen = this.curricula.currentVersionOf('erfaringsskolen');
    if (erfaringsskolen) {
      const cohort = await this.cohorts.create({
        name: 'Erfaringsskolen, høstkullet',
        curriculumVersionId: erfaringsskolen.id,
        startDate: addDays(monday, -5 * 7),
        coordinatorIds: [coordinatorId],
        startTime: '09:00',
        endTime: '15:00',
        place: 'Erfaringsskolen, Storgata 36, Oslo – rom 3',
      });
      cohortIds.set('erfaringsskolen', cohort.id);
    }
    const mbBergen = this.curricula.currentVersionOf('mb-bergen');
    if (mbBergen) {
      const cohort = await this.cohorts.create({
        name: 'MB Bergen, kull 2026/27',
        curriculumVersionId: mbBergen.id,
        startDate: `${addMonths(now, -3).slice(0, 7)}-01`,
        coordinatorIds: [coordinatorId],
        startTime: '09:00',
        endTime: '13:00',
        place: 'Kronstad, rom 2.14',
      });
      cohortIds.set('mb-bergen', cohort.id);
    }

    const erfaringsskolenId = cohortIds.get('erfaringsskolen');
    const enrolmentIds = new Map<string, number>();
    if (erfaringsskolenId) {
      const sara = await this.cohorts.enrol({
        cohortId: erfaringsskolenId,
        studentId: accounts.get('student@demo.test')!,
        supervisorIds: [supervisorId],
        employerOrganisationId: employer.id,
      });
      enrolmentIds.set('student@demo.test', sara.id);
    }
    for (const fellow of FELLOW_STUDENTS) {
      const cohortId = cohortIds.get(fellow.programme);
      if (!cohortId) continue;
      const user = await this.users.create({ email: fellow.email, name: fellow.name, roles: ['student'], password });
      accounts.set(fellow.email, user.id);
      const enrolment = await this.cohorts.enrol({
        cohortId,
        studentId: user.id,
        supervisorIds: fellow.programme === 'mb-bergen' || fellow.email === 'jonas@demo.test' ? [supervisorId] : [],
        employerOrganisationId: fellow.email === 'lars@demo.test' ? employer.id : null,
      });
      enrolmentIds.set(fellow.email, enrolment.id);
    }

    if (erfaringsskolen) await this.seedLearning(erfaringsskolen, enrolmentIds, supervisorId);
    if (erfaringsskolen) await this.seedPractice(erfaringsskolen, enrolmentIds.get('student@demo.test'), accounts.get('student@demo.test')!, supervisorId, [employer.id, placement.id], now);
    if (mbBergen) await this.seedAssignment(mbBergen, enrolmentIds.get('lars@demo.test'), accounts.get('lars@demo.test'), coordinatorId);
    if (erfaringsskolen) {
      const maja = await this.seedCompletedStudent(erfaringsskolen, password, { coordinatorId, supervisorId, employerId: employer.id, placementId: placement.id, monday, now });
      accounts.set('maja@demo.test', maja.studentId);
      enrolmentIds.set('maja@demo.test', maja.enrolmentId);
    }
    for (const cohortId of cohortIds.values()) await this.seedAttendance(cohortId, coordinatorId, now);
    if (erfaringsskolenId) await this.seedDayChanges(erfaringsskolenId, now);
    // Sara, Lars and Maja let their employer follow their progress; the other trainees have not chosen to.
    for (const email of ['student@demo.test', 'lars@demo.test', 'maja@demo.test']) {
      const enrolmentId = enrolmentIds.get(email);
      if (!enrolmentId) continue;
      const student = (await this.users.sessionUser(accounts.get(email)!))!;
      await this.consent.decide(student, enrolmentId, { granted: 'yes' }, () => undefined);
    }
    this.logger.log('Demo installation created');
  }

  /**
   * Sara is in week 6: the first module is signed off, the second waits for
   * sign-off, the third is under way; she has one private and one shared reflection.
   */
  private async seedLearning(programme: CurriculumVersion, enrolments: Map<string, number>, supervisorId: number): Promise<void> {
    const sara = enrolments.get('student@demo.test');
    const jonas = enrolments.get('jonas@demo.test');
    const [first, second, third] = programme.content.modules;
    if (!sara || !first || !second || !third) return;
    const progress = this.dataSource.getRepository(LessonProgress);
    const done = (enrolmentId: number, module: typeof first, count = module.lessons.length) =>
      progress.insert(module.lessons.slice(0, count).map((l) => ({ enrolmentId, moduleKey: module.key, lessonKey: l.key })));
    await done(sara, first);
    await done(sara, second);
    await done(sara, third, 1);
    if (jonas) await done(jonas, first, 2);

    if (first.signOff) {
      await this.dataSource.getRepository(ModuleSignoff).insert({
        enrolmentId: sara,
        moduleKey: first.key,
        decision: 'signed_off',
        comment: 'Godt gjennomarbeidet. Refleksjonen om håp viser at du kjenner igjen din egen prosess.',
        decidedBy: supervisorId,
      });
    }
    const reflections = this.dataSource.getRepository(Reflection);
    const [firstPrompt] = first.reflections;
    if (firstPrompt) {
      await reflections.insert({
        enrolmentId: sara,
        moduleKey: first.key,
        promptKey: firstPrompt.key,
        text: 'For meg begynte det å snu da noen spurte hva jeg selv ville, og ikke bare hva som var galt. Jeg ble ikke frisk over natten, men jeg fikk tilbake troen på at livet kunne bli mitt eget igjen.',
        themes: firstPrompt.themes,
        shared: true,
      });
    }
    const [secondPrompt] = second.reflections;
    if (secondPrompt) {
      await reflections.insert({
        enrolmentId: sara,
        moduleKey: second.key,
        promptKey: secondPrompt.key,
        text: 'Det sosiale har betydd mest: en fast plass å gå til og folk som forventet at jeg kom. Det vil jeg ta med meg inn i praksis.',
        themes: secondPrompt.themes,
        shared: false,
      });
    }
  }

  /**
   * Sara's practice log in every state, written through the practice service so the
   * ledger holds the same history a real installation would: approved hours, two
   * waiting, a draft, one sent back with a comment and one whose approval was revoked.
   */
  private async seedPractice(programme: CurriculumVersion, enrolmentId: number | undefined, studentId: number, supervisorId: number, placements: number[], now: string): Promise<void> {
    if (!enrolmentId) return;
    const student = (await this.users.sessionUser(studentId))!;
    const supervisor = (await this.users.sessionUser(supervisorId))!;
    const categories = programme.content.practice.categories.map((c) => c.key);
    const texts = [
      'Var med på kafétreff for brukere og fortalte kort om min egen vei tilbake til jobb.',
      'Deltok i teammøte og la fram hvordan brukerne opplever ventetiden.',
      'Ledet en samtalegruppe om hverdagsmestring sammen med en ansatt.',
      'Fulgte en bruker til et første møte i frivilligsentralen.',
      'Veiledning med praksisveileder om når det er riktig å dele egen erfaring.',
    ];
    const log = async (daysAgo: number, hours: string, i: number, action: 'draft' | 'submit') => {
      const result = await this.practice.create(student, enrolmentId, {
        date: addDays(now, -daysAgo),
        hours,
        placement: String(placements[i % placements.length]),
        category: categories[i % categories.length],
        description: texts[i % texts.length],
        action,
      });
      if (!('redirect' in result)) throw new Error(`Demo practice entry was refused: ${JSON.stringify(result.data.errors)}`);
      return Number(result.redirect.split('/').pop());
    };
    const approved: number[] = [];
    // Spread so that every category with a minimum keeps the pace: she is on pace in week 6.
    for (let week = 5; week >= 2; week--) {
      approved.push(await log(week * 7 - 1, '3,5', week, 'submit'));
      approved.push(await log(week * 7 - 3, '6', week + 1, 'submit'));
    }
    await this.practice.approve(supervisor, approved);
    const returned = await log(8, '4', 2, 'submit');
    await this.practice.returnEntry(supervisor, returned, 'Beskriv litt mer hva du selv gjorde i møtet, uten å beskrive deltakerne.');
    const revoked = await log(9, '7,5', 3, 'submit');
    await this.practice.approve(supervisor, [revoked]);
    await this.practice.revoke(supervisor, revoked, 'Timene var ført på en dag du var på undervisning. Rett datoen og send inn igjen.');
    await log(3, '5', 0, 'submit');
    await log(2, '2,5', 4, 'submit');
    await log(1, '3', 1, 'draft');
  }

  /** Lars (MB Bergen) has an approved proposal and a draft waiting for feedback. */
  private async seedAssignment(programme: CurriculumVersion, enrolmentId: number | undefined, studentId: number | undefined, coordinatorId: number): Promise<void> {
    const milestones = programme.content.assignment?.milestones ?? [];
    if (!enrolmentId || !studentId || milestones.length < 2) return;
    const student = (await this.users.sessionUser(studentId))!;
    const coordinator = (await this.users.sessionUser(coordinatorId))!;
    const [proposal, draft] = milestones;
    await this.assignments.submit(student, enrolmentId, proposal.key, {
      text: 'Prosjektskisse: Hvordan kan erfaringskonsulenter bidra i overgangen fra døgnopphold til eget hjem? Jeg vil intervjue ansatte og erfaringskonsulenter om hva som hjelper de første ukene, og se på hva tjenesten allerede gjør.',
    }, { files: [] });
    const submitted = await this.dataSource.getRepository(AssignmentSubmission).findOneByOrFail({ enrolmentId, milestoneKey: proposal.key });
    await this.assignments.decide(coordinator, submitted.id, {
      feedback: 'Et tydelig og gjennomførbart tema. Avgrens gjerne til én tjeneste, og tenk gjennom hvordan du innhenter samtykke til intervjuene.',
      decision: 'approved',
      version: String(submitted.version),
    });
    await this.assignments.submit(student, enrolmentId, draft.key, {
      text: 'Utkast: innledning, metode og de første funnene fra fire intervjuer. Drøftingen er ikke ferdig.',
    }, { files: [] });
  }

  /**
   * An earlier Erfaringsskolen cohort that has finished, with Maja, who met every
   * requirement through the same services a real cohort uses and holds a certificate.
   */
  private async seedCompletedStudent(
    programme: CurriculumVersion,
    password: string,
    ids: { coordinatorId: number; supervisorId: number; employerId: number; placementId: number; monday: string; now: string },
  ): Promise<{ studentId: number; enrolmentId: number }> {
    const content = programme.content;
    const cohort = await this.cohorts.create({
      name: 'Erfaringsskolen, vårkullet',
      curriculumVersionId: programme.id,
      startDate: addDays(ids.monday, -(content.duration.length + 12) * 7),
      coordinatorIds: [ids.coordinatorId],
      place: 'Erfaringsskolen, Storgata 36, Oslo – rom 3',
    });
    const maja = await this.users.create({ email: 'maja@demo.test', name: 'Maja Eide', roles: ['student'], password });
    const enrolment = await this.cohorts.enrol({ cohortId: cohort.id, studentId: maja.id, supervisorIds: [ids.supervisorId], employerOrganisationId: ids.employerId });
    const student = (await this.users.sessionUser(maja.id))!;
    const supervisor = (await this.users.sessionUser(ids.supervisorId))!;
    const coordinator = (await this.users.sessionUser(ids.coordinatorId))!;

    await this.dataSource.getRepository(LessonProgress).insert(
      content.modules.flatMap((m) => m.lessons.map((l) => ({ enrolmentId: enrolment.id, moduleKey: m.key, lessonKey: l.key }))),
    );
    for (const module of content.modules.filter((m) => m.signOff)) {
      await this.learning.signOff(supervisor, enrolment.id, module.key, { decision: 'signed_off', comment: 'Godkjent.' });
    }
    // Six-hour days in the practice phases: first enough in each category to meet its minimum, then spread over
    // every category until the required hours are passed by one day, so the certificate is honestly earned.
    const plan = content.practice.categories.flatMap((c) => Array.from({ length: Math.ceil((c.minimumHours ?? 0) / 6) }, () => c.key));
    for (let i = 0; plan.length * 6 < content.practice.requiredHours + 6; i++) plan.push(content.practice.categories[i % content.practice.categories.length].key);
    const periods = practicePeriods(content);
    const first = periodStart(cohort.startDate, content.duration.unit, periods[0]);
    const span = daysBetween(first, programmeEnd(cohort.startDate, content.duration.unit, periods[periods.length - 1]));
    const entries: number[] = [];
    for (const [i, category] of plan.entries()) {
      const result = await this.practice.create(student, enrolment.id, {
        date: addDays(first, Math.floor((i * span) / plan.length)),
        hours: '6',
        placement: String(i % 2 ? ids.placementId : ids.employerId),
        category,
        description: 'Praksisdag med samtaler, gruppeaktivitet og veiledning.',
        action: 'submit',
      });
      if ('redirect' in result) entries.push(Number(result.redirect.split('/').pop()));
    }
    await this.practice.approve(supervisor, entries);
    const days = await this.dataSource.getRepository(TeachingDay).find({ where: { cohortId: cohort.id } });
    await this.dataSource.getRepository(AttendanceRecord).insert(
      days.map((day, i) => ({ teachingDayId: day.id, enrolmentId: enrolment.id, status: (i % 15 === 7 ? 'excused' : 'present') as AttendanceStatus, recordedBy: ids.coordinatorId })),
    );
    const issued = await this.certificates.issue(coordinator, enrolment.id);
    if (!('redirect' in issued)) this.logger.warn('The demo student did not meet the completion rule; no certificate was issued');
    return { studentId: maja.id, enrolmentId: enrolment.id };
  }

  /** Two coming days that differ from the plan, so that the calendar feed shows both: one in another room, one cancelled. */
  private async seedDayChanges(cohortId: number, now: string): Promise<void> {
    const days = this.dataSource.getRepository(TeachingDay);
    const [moved, , cancelled] = await days.find({ where: { cohortId, date: MoreThan(now) }, order: { date: 'ASC' }, take: 3 });
    if (moved) await days.update({ id: moved.id }, { startTime: '10:00', endTime: '14:00', place: 'Brygga recoverysenter, møterommet' });
    if (cancelled) await days.update({ id: cancelled.id }, { cancelled: true });
  }

  /** Attendance for every teaching day so far: mostly present, with an excused and an absent day here and there. */
  private async seedAttendance(cohortId: number, coordinatorId: number, now: string): Promise<void> {
    const days = await this.dataSource.getRepository(TeachingDay).find({ where: { cohortId, date: LessThan(now) }, order: { date: 'ASC' } });
    const enrolments = await this.dataSource.getRepository(Enrolment).find({ select: { id: true }, where: { cohortId }, order: { id: 'ASC' } });
    const rows: Partial<AttendanceRecord>[] = [];
    days.forEach((day, d) =>
      enrolments.forEach((enrolment, e) => {
        const status: AttendanceStatus = (d + e * 3) % 11 === 4 ? 'absent' : (d + e * 5) % 13 === 6 ? 'excused' : 'present';
        rows.push({ teachingDayId: day.id, enrolmentId: enrolment.id, status, recordedBy: coordinatorId });
      }),
    );
    for (let i = 0; i < rows.length; i += 200) await this.dataSource.getRepository(AttendanceRecord).insert(rows.slice(i, i + 200));
  }
}
