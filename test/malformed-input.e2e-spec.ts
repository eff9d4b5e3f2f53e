import { formFor } from './support/forms';
import { browser, DEMO_PASSWORD, mainText, startTestApp, TestApp } from './support/test-app';

/**
 * Input none of our pages sends (a version that is no number, a field sent twice, an id that is no
 * number) is answered as a mistake in the request, never as a server error, and changes nothing.
 */
describe('malformed form input', () => {
  let t: TestApp;
  const agents: Record<string, ReturnType<typeof browser>> = {};
  const as = async (who: string) => {
    if (!agents[who]) {
      agents[who] = browser(t);
      await agents[who].signIn(`${who}@demo.test`, DEMO_PASSWORD);
    }
    return agents[who];
  };
  const idOf = async (sql: string) => Number((await t.dataSource.query(sql))[0].id);

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
  });
  afterAll(() => t.close());

  /** Each form that saves over a record guards on the version its page showed. */
  const versioned: { name: string; who: string; table: string; page: () => Promise<{ page: string; action: string; row: number; fill?: Record<string, string> }> }[] = [
    { name: 'a cohort', who: 'coordinator', table: 'cohorts', page: async () => ({ page: '/cohorts/2/edit', action: '/cohorts/2', row: 2 }) },
    { name: "an enrolment's followers", who: 'coordinator', table: 'enrolments', page: async () => ({ page: '/enrolments/1/edit', action: '/enrolments/1/edit', row: 1 }) },
    { name: "an enrolment's assessor", who: 'coordinator', table: 'enrolments', page: async () => ({ page: '/enrolments/4/assessor', action: '/enrolments/4/assessor', row: 4 }) },
    {
      name: 'a reflection',
      who: 'student',
      table: 'reflections',
      page: async () => {
        const row = await idOf("SELECT r.id FROM reflections r JOIN enrolments e ON e.id = r.enrolment_id JOIN users u ON u.id = e.student_id WHERE u.email = 'student@demo.test' ORDER BY r.id LIMIT 1");
        return { page: `/reflections/${row}/edit`, action: `/reflections/${row}`, row };
      },
    },
    {
      name: 'a practice entry',
      who: 'student',
      table: 'practice_entries',
      page: async () => {
        const row = await idOf("SELECT p.id FROM practice_entries p JOIN enrolments e ON e.id = p.enrolment_id JOIN users u ON u.id = e.student_id WHERE u.email = 'student@demo.test' AND p.state = 'draft' ORDER BY p.id LIMIT 1");
        return { page: `/practice/${row}/edit`, action: `/practice/${row}`, row };
      },
    },
    {
      name: 'a decision on a hand-in',
      who: 'coordinator',
      table: 'assignment_submissions',
      page: async () => {
        const row = await idOf("SELECT id FROM assignment_submissions WHERE state = 'submitted' ORDER BY id LIMIT 1");
        const enrolment = await idOf(`SELECT enrolment_id AS id FROM assignment_submissions WHERE id = ${row}`);
        return { page: `/enrolments/${enrolment}/assignment`, action: `/submissions/${row}/feedback`, row, fill: { feedback: 'Godt skrevet.', decision: 'approved' } };
      },
    },
  ];

  for (const form of versioned) {
    it(`refuses a version that is no row's version when saving ${form.name}, and saves nothing`, async () => {
      const agent = await as(form.who);
      const { page, action, row, fill } = await form.page();
      const html = (await agent.get(page).expect(200)).text;
      const sent = { ...formFor(html, action).fields, ...fill };
      const before = await t.dataSource.query(`SELECT version FROM ${form.table} WHERE id = ${row}`);
      for (const version of ['abc', 'Infinity', 'NaN', '1e309', '-1', '0', '1.5', '0x1', ' 1', '99999999999', '', undefined, ['1', '1']]) {
        const body: Record<string, unknown> = { ...sent, version };
        if (version === undefined) delete body.version;
        const res = await agent.post(action).type('form').send(body);
        expect({ version, status: res.status }).toEqual({ version, status: 400 });
        expect(mainText(res.text)).toMatch(/Skjemaet var ikke slik siden sendte det|Noe i forespørselen var ikke som ventet/);
      }
      expect(await t.dataSource.query(`SELECT version FROM ${form.table} WHERE id = ${row}`)).toEqual(before);
      // The form as the page sent it still saves.
      expect((await agent.post(action).type('form').send(sent)).status).toBe(303);
    });
  }

  it('refuses a start date sent twice with a message beside the form, on a new cohort and on a change', async () => {
    const coordinator = await as('coordinator');
    const [cohort] = await t.dataSource.query('SELECT id FROM cohorts c WHERE NOT EXISTS (SELECT 1 FROM teaching_days d JOIN attendance_records r ON r.teaching_day_id = d.id WHERE d.cohort_id = c.id) ORDER BY id LIMIT 1');
    const pages = [{ page: '/cohorts/new', action: '/cohorts' }];
    if (cohort) pages.push({ page: `/cohorts/${cohort.id}/edit`, action: `/cohorts/${cohort.id}` });
    for (const { page, action } of [...pages, { page: '/cohorts/2/edit', action: '/cohorts/2' }]) {
      const fields = formFor((await coordinator.get(page).expect(200)).text, action).fields;
      const res = await coordinator
        .post(action)
        .type('form')
        .send({ ...fields, name: 'Høstkullet', startDate: ['2027-01-11', '2027-01-18'] });
      expect({ action, status: res.status }).toEqual({ action, status: 400 });
      expect(mainText(res.text)).toContain('Skjemaet var ikke slik siden sendte det');
    }
  });

  it('answers an address whose id is no number as not found', async () => {
    const coordinator = await as('coordinator');
    const token = await coordinator.token('/cohorts');
    for (const path of ['/cohorts/abc', '/cohorts/1e3', '/cohorts/-1', '/cohorts/99999999999', '/enrolments/Infinity/edit', '/practice/0x10', '/cohorts/99999999999/days', '/cohorts/1/days/99999999999']) {
      expect({ path, status: (await coordinator.get(path)).status }).toEqual({ path, status: 404 });
      expect({ path, status: (await coordinator.post(path).type('form').send({ _csrf: token })).status }).toEqual({ path, status: 404 });
    }
  });

  it('shows a form again when a JSON body put an object where the page has a field', async () => {
    const coordinator = await as('coordinator');
    const fields = formFor((await coordinator.get('/enrolments/2/edit').expect(200)).text, '/enrolments/2/edit').fields;
    const res = await coordinator
      .post('/enrolments/2/edit')
      .type('json')
      .send({ ...fields, version: { toString: 'x', valueOf: 1 } });
    expect(res.status).toBe(400);
    expect(mainText(res.text)).toContain('Skjemaet var ikke slik siden sendte det');
  });

  it('takes half a character pair in the sign-in form as a wrong email address, not a server error', async () => {
    const visitor = browser(t);
    const token = await visitor.token('/login');
    const res = await visitor.post('/login').type('json').send(JSON.stringify({ _csrf: token, email: '\ud800@demo.test', password: 'x' }));
    expect(res.status).toBe(400);
    expect(mainText(res.text)).toContain('Skriv inn en gyldig e-postadresse');
  });

  it('refuses a NUL character in a text, which the database cannot store, and saves nothing', async () => {
    const student = await as('student');
    const [entry] = await t.dataSource.query("SELECT p.id, p.description FROM practice_entries p JOIN enrolments e ON e.id = p.enrolment_id JOIN users u ON u.id = e.student_id WHERE u.email = 'student@demo.test' AND p.state IN ('draft', 'returned') ORDER BY p.id LIMIT 1");
    const fields = formFor((await student.get(`/practice/${entry.id}/edit`).expect(200)).text, `/practice/${entry.id}`).fields;
    const res = await student
      .post(`/practice/${entry.id}`)
      .type('form')
      .send({ ...fields, action: 'draft', description: 'Samtale\u0000 med en bruker' });
    expect(res.status).toBe(400);
    expect((await t.dataSource.query(`SELECT description FROM practice_entries WHERE id = ${entry.id}`))[0].description).toBe(entry.description);
  });

  it('takes a chosen person or organisation whose id no row can have as unknown, with the message beside the field', async () => {
    const coordinator = await as('coordinator');
    const fields = formFor((await coordinator.get('/cohorts/1/enrolments/new').expect(200)).text, '/cohorts/1/enrolments').fields;
    const res = await coordinator
      .post('/cohorts/1/enrolments')
      .type('form')
      .send({ ...fields, email: 'ny.deltaker@demo.test', name: 'Ny Deltaker', supervisors: ['2', '2147483648'], employer: '99999999999' });
    expect(res.status).toBe(400);
    const text = mainText(res.text);
    expect(text).toContain('En av dem du valgte, finnes ikke eller har ikke denne rollen.');
    expect(text).toContain('Velg en arbeidsgiver fra listen.');
  });
});
