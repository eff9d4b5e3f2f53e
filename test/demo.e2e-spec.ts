import { CurriculaService } from '../src/curricula/curricula.service';
import { DemoService } from '../src/demo/demo.service';
import { LedgerService } from '../src/ledger/ledger.service';
import { browser, DEMO_PASSWORD, mainText, startTestApp } from './support/test-app';

describe('the demo installation', () => {
  it('is created on an empty database, with one running cohort of each headline programme and one account per role', async () => {
    const t = await startTestApp({ demo: true });
    try {
      for (const email of ['student', 'supervisor', 'employer', 'coordinator', 'admin'].map((r) => `${r}@demo.test`)) {
        const agent = browser(t);
        await agent.signIn(email, DEMO_PASSWORD);
        expect((await agent.get('/')).status).toBe(200);
      }
      const cohorts = await t.dataSource.query('SELECT c.name, v.slug, c.start_date FROM cohorts c JOIN curriculum_versions v ON v.id = c.curriculum_version_id ORDER BY v.slug');
      // One running cohort of each programme, and one Erfaringsskolen cohort that has finished.
      expect(cohorts.map((c: { slug: string }) => c.slug)).toEqual(['erfaringsskolen', 'erfaringsskolen', 'mb-bergen']);
      for (const cohort of cohorts) expect(new Date(cohort.start_date).getTime()).toBeLessThan(Date.now() - 14 * 86_400_000);

      // Believable learning data: one module signed off, one waiting, attendance recorded, reflections.
      const sara = browser(t);
      await sara.signIn('student@demo.test', DEMO_PASSWORD);
      const [{ id }] = await t.dataSource.query("SELECT e.id FROM enrolments e JOIN users u ON u.id = e.student_id WHERE u.email = 'student@demo.test'");
      const overview = mainText((await sara.get(`/enrolments/${id}`)).text);
      expect(overview).toMatch(/Moduler godkjent 1 av \d+/);
      expect(overview).toContain('Venter på godkjenning');
      expect(overview).toMatch(/Oppmøte \d+ % \(\d+ av \d+ dager\)/);
      const supervisor = browser(t);
      await supervisor.signIn('supervisor@demo.test', DEMO_PASSWORD);
      const shared = mainText((await supervisor.get(`/enrolments/${id}/reflections`)).text);
      expect(shared).toContain('For meg begynte det å snu');
      expect(shared).not.toContain('Det sosiale har betydd mest');

      // Practice entries in every state, one sent back with a comment and one revoked, all in a sound ledger.
      const states = await t.dataSource.query(`SELECT state, COUNT(*) AS count FROM practice_entries WHERE enrolment_id = ${id} GROUP BY state ORDER BY state`);
      expect(states.map((s: { state: string }) => s.state)).toEqual(['approved', 'draft', 'returned', 'submitted']);
      const log = mainText((await sara.get(`/enrolments/${id}/practice?state=returned`)).text);
      expect(log).toContain('Sendt tilbake');
      const [revoked] = await t.dataSource.query("SELECT subject_id AS id FROM ledger_records WHERE action = 'practice.revoke'");
      expect(mainText((await sara.get(`/practice/${revoked.id}`)).text)).toContain('Godkjenning trukket tilbake av Per Haugen');
      expect(mainText((await supervisor.get('/supervision/queue')).text)).toContain('Sara Dahl');
      expect((await t.app.get(LedgerService).verify()).ok).toBe(true);

      // MB Bergen: Lars has an approved proposal and a draft waiting; Maja finished Erfaringsskolen and holds a certificate.
      const submissions = await t.dataSource.query("SELECT s.milestone_key, s.state FROM assignment_submissions s JOIN enrolments e ON e.id = s.enrolment_id JOIN users u ON u.id = e.student_id WHERE u.email = 'lars@demo.test' ORDER BY s.id");
      expect(submissions).toEqual([{ milestone_key: 'proposal', state: 'approved' }, { milestone_key: 'draft', state: 'submitted' }]);
      const maja = browser(t);
      await maja.signIn('maja@demo.test', DEMO_PASSWORD);
      const [majaEnrolment] = await t.dataSource.query("SELECT e.id FROM enrolments e JOIN users u ON u.id = e.student_id WHERE u.email = 'maja@demo.test'");
      const completion = mainText((await maja.get(`/enrolments/${majaEnrolment.id}/completion`)).text);
      expect(completion).toContain('Alle krav er oppfylt.');
      // She earned it honestly: every category's minimum hours are approved, not only the hours in all.
      const byCategory: { category: string; quarters: number | string }[] = await t.dataSource.query(
        `SELECT category, SUM(quarter_hours) AS quarters FROM practice_entries WHERE enrolment_id = ${majaEnrolment.id} AND state = 'approved' GROUP BY category`,
      );
      const approvedIn = new Map(byCategory.map((row) => [row.category, Number(row.quarters) / 4]));
      const [{ id: versionId }] = await t.dataSource.query(`SELECT c.curriculum_version_id AS id FROM cohorts c JOIN enrolments e ON e.cohort_id = c.id WHERE e.id = ${majaEnrolment.id}`);
      const { content } = await t.app.get(CurriculaService).getVersion(Number(versionId));
      for (const category of content.practice.categories) expect(approvedIn.get(category.key) ?? 0).toBeGreaterThanOrEqual(category.minimumHours ?? 0);
      expect(completion).toContain('Minstetimer per praksiskategori');
      const certificate = await maja.get(/href="(\/certificates\/\d+)"/.exec((await maja.get(`/enrolments/${majaEnrolment.id}/completion`)).text)![1]);
      const code = /<code>([A-Za-z0-9_-]+)<\/code>/.exec(certificate.text)![1];
      expect(mainText((await browser(t).get(`/verify/${code}`)).text)).toContain('Kursbeviset er ekte og gyldig.');
      expect((await t.app.get(LedgerService).verify()).ok).toBe(true);

      // MB Bergen's students are in the theory months: nobody there is behind for want of practice hours.
      const coordinator = browser(t);
      await coordinator.signIn('coordinator@demo.test', DEMO_PASSWORD);
      const [{ id: mbCohort }] = await t.dataSource.query("SELECT c.id FROM cohorts c JOIN curriculum_versions v ON v.id = c.curriculum_version_id WHERE v.slug = 'mb-bergen'");
      const mbTable = mainText((await coordinator.get(`/cohorts/${mbCohort}/progress`)).text);
      expect(mbTable).toContain('Lars Nilsen');
      expect(mbTable).not.toMatch(/Timer: \d+ t godkjent/);

      // Sara, in week 6 of Erfaringsskolen, keeps the pace in all and in every category.
      const [{ id: esCohort }] = await t.dataSource.query("SELECT c.id FROM cohorts c JOIN enrolments e ON e.cohort_id = c.id WHERE e.id = " + id);
      const esTable = mainText((await coordinator.get(`/cohorts/${esCohort}/progress?show=behind`)).text);
      expect(esTable).not.toContain('Sara Dahl');

      // The employer follows the trainees who consented, and only those.
      const employer = browser(t);
      await employer.signIn('employer@demo.test', DEMO_PASSWORD);
      const trainees = mainText((await employer.get('/employer')).text);
      expect(trainees).toContain('Sara Dahl');
      expect(trainees).toContain('Lars Nilsen');
      expect(trainees).not.toContain('Jonas Berg');

      // A second start on the same database adds nothing.
      expect(await t.app.get(DemoService).seedIfEmpty()).toEqual({ created: false });
    } finally {
      await t.close();
    }
  });

  it('makes up a password when DEMO_PASSWORD is not set, to be shown once', async () => {
    const t = await startTestApp({ env: { DEMO_PASSWORD: '' } });
    try {
      const result = await t.app.get(DemoService).seedIfEmpty();
      expect(t.config.demo).toBe(false);
      expect(result).toEqual({ created: false });
      (t.config as { demo: boolean }).demo = true;
      const created = await t.app.get(DemoService).seedIfEmpty();
      expect(created.created).toBe(true);
      expect(created.generatedPassword).toBe(true);
      expect(created.password!.length).toBeGreaterThanOrEqual(16);
      await browser(t).signIn('admin@demo.test', created.password);
    } finally {
      await t.close();
    }
  });

  it('is never created in production', async () => {
    const t = await startTestApp({ demo: true, env: { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), PUBLIC_URL: 'https://brobygger.example.no', SMTP_URL: 'smtp://127.0.0.1:9', MAIL_FROM: 'no-reply@example.no' } });
    try {
      const [{ count }] = await t.dataSource.query('SELECT COUNT(*) AS count FROM users');
      expect(Number(count)).toBe(0);
    } finally {
      await t.close();
    }
  });
});
