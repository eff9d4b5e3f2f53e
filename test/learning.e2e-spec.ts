import { CohortSetupService } from '../src/cohort-admin/cohort-setup.service';
import { addDays, today } from '../src/common/dates';
import { CurriculaService } from '../src/curricula/curricula.service';
import type { CurriculumModule } from '../src/curricula/curriculum.types';
import { csrfFrom, makeUser, mainText, startTestApp, TestApp, signedIn } from './support/test-app';

let t: TestApp;
type Person = Awaited<ReturnType<typeof makeUser>>;
let student: Person, otherStudent: Person, supervisor: Person, otherSupervisor: Person, coordinator: Person, otherCoordinator: Person, employer: Person;
let enrolmentId: number;
let otherEnrolmentId: number;
let signOffModule: CurriculumModule;

beforeAll(async () => {
  t = await startTestApp();
  student = await makeUser(t, ['student'], { name: 'Sara Student' });
  otherStudent = await makeUser(t, ['student'], { name: 'Olav Otherstudent' });
  supervisor = await makeUser(t, ['supervisor'], { name: 'Per Supervisor' });
  otherSupervisor = await makeUser(t, ['supervisor'], { name: 'Siri Othersupervisor' });
  coordinator = await makeUser(t, ['coordinator']);
  otherCoordinator = await makeUser(t, ['coordinator']);
  const organisation = await t.users.createOrganisation('Fjordvik');
  employer = await makeUser(t, ['employer'], { organisationId: organisation.id });
  const version = t.app.get(CurriculaService).getCurrent('erfaringsskolen');
  signOffModule = version.content.modules.find((m) => m.signOff)!;
  const cohorts = t.app.get(CohortSetupService);
  // Started four weeks and two days ago: week 5.
  const cohort = await cohorts.create({ name: 'Testkullet', curriculumVersionId: version.id, startDate: addDays(today(), -30), coordinatorIds: [coordinator.id] });
  enrolmentId = (await cohorts.enrol({ cohortId: cohort.id, studentId: student.id, supervisorIds: [supervisor.id], employerOrganisationId: organisation.id })).id;
  otherEnrolmentId = (await cohorts.enrol({ cohortId: cohort.id, studentId: otherStudent.id, supervisorIds: [otherSupervisor.id] })).id;
});

afterAll(async () => {
  await t.close();
});

const as = (user: { email: string }) => signedIn(t, user);

const lessonPath = (module: CurriculumModule, i: number, id = enrolmentId) => `/enrolments/${id}/modules/${module.key}/lessons/${module.lessons[i].key}`;

describe("the student's programme", () => {
  it('shows where the student is: week 5 of 15, progress, and what is next', async () => {
    const agent = await as(student);
    const mine = await agent.get('/enrolments');
    expect(mainText(mine.text)).toContain('Testkullet');
    const page = await agent.get(`/enrolments/${enrolmentId}`);
    const text = mainText(page.text);
    expect(text).toContain('Uke 5 av 15');
    expect(text).toMatch(/0 av \d+ leksjoner fullført \(0 %\)/);
    expect(text).toContain('Neste for deg');
    expect(page.text).toMatch(/<li class="[^"]*is-current"[^>]*aria-current="step">\s*<h3>Uke 5 – nå<\/h3>/);
    expect(page.text).toMatch(/<progress class="progress" aria-labelledby="lessons-progress" value="0" max="\d+">/);
  });

  it('marks a lesson done and undoes it', async () => {
    const agent = await as(student);
    const lesson = await agent.get(lessonPath(signOffModule, 0));
    expect(mainText(lesson.text)).toContain('Ikke fullført');
    const res = await agent.post(`${lessonPath(signOffModule, 0)}/done`).type('form').send({ _csrf: csrfFrom(lesson.text) });
    expect(res.status).toBe(303);
    expect(mainText((await agent.get(lessonPath(signOffModule, 0))).text)).toContain('Du har merket leksjonen som fullført.');
    expect(mainText((await agent.get(`/enrolments/${enrolmentId}`)).text)).toMatch(/1 av \d+ leksjoner fullført/);
    await agent.post(`${lessonPath(signOffModule, 0)}/undo`).type('form').send({ _csrf: csrfFrom(lesson.text) });
    expect(mainText((await agent.get(`/enrolments/${enrolmentId}`)).text)).toMatch(/0 av \d+ leksjoner fullført/);
  });
});

describe('module sign-off', () => {
  const signoffPath = () => `/enrolments/${enrolmentId}/modules/${signOffModule.key}/signoff`;

  it('cannot be given before the lessons are done', async () => {
    const agent = await as(supervisor);
    const page = await agent.get(`/enrolments/${enrolmentId}/modules/${signOffModule.key}`);
    expect(mainText(page.text)).toContain('Modulen kan godkjennes når alle leksjonene er fullført.');
    const res = await agent.post(signoffPath()).type('form').send({ _csrf: csrfFrom(page.text), decision: 'signed_off' });
    expect(res.status).toBe(400);
    expect(mainText(res.text)).toContain('først når deltakeren har fullført alle leksjonene');
  });

  it('is sent back with a required comment, then signed off; the student sees both', async () => {
    const studentAgent = await as(student);
    const token = csrfFrom((await studentAgent.get('/')).text);
    for (let i = 0; i < signOffModule.lessons.length; i++) {
      await studentAgent.post(`${lessonPath(signOffModule, i)}/done`).type('form').send({ _csrf: token });
    }
    expect(mainText((await studentAgent.get(`/enrolments/${enrolmentId}/modules/${signOffModule.key}`)).text)).toContain('Venter på godkjenning');

    const agent = await as(supervisor);
    const page = await agent.get(`/enrolments/${enrolmentId}/modules/${signOffModule.key}`);
    const noComment = await agent.post(signoffPath()).type('form').send({ _csrf: csrfFrom(page.text), decision: 'returned', comment: '  ' });
    expect(noComment.status).toBe(400);
    expect(noComment.text).toMatch(/id="comment-error">[\s\S]*Skriv hva deltakeren skal arbeide videre med/);
    expect(noComment.text).toMatch(/id="decision-returned"[^>]*checked/);

    await agent.post(signoffPath()).type('form').send({ _csrf: csrfFrom(page.text), decision: 'returned', comment: 'Les leksjon to en gang til.' });
    let seen = mainText((await studentAgent.get(`/enrolments/${enrolmentId}/modules/${signOffModule.key}`)).text);
    expect(seen).toContain('Sendt tilbake av Per Supervisor');
    expect(seen).toContain('Les leksjon to en gang til.');

    await agent.post(signoffPath()).type('form').send({ _csrf: csrfFrom(page.text), decision: 'signed_off', comment: 'Fint arbeid.' });
    seen = mainText((await studentAgent.get(`/enrolments/${enrolmentId}/modules/${signOffModule.key}`)).text);
    expect(seen).toContain('Godkjent av Per Supervisor');
    expect(mainText((await studentAgent.get(`/enrolments/${enrolmentId}`)).text)).toMatch(/Moduler godkjent 1 av \d+/);

    // A signed-off module keeps its lessons done.
    const undo = await studentAgent.post(`${lessonPath(signOffModule, 0)}/undo`).type('form').send({ _csrf: token });
    expect(undo.status).toBe(409);
    expect(mainText(undo.text)).toContain('Modulen er godkjent');
    // And cannot be signed off twice.
    const again = await agent.post(signoffPath()).type('form').send({ _csrf: csrfFrom(page.text), decision: 'signed_off' });
    expect(again.status).toBe(400);
  });
});

describe('reflections', () => {
  const prompt = () => signOffModule.reflections[0];
  const newPath = () => `/enrolments/${enrolmentId}/modules/${signOffModule.key}/reflections/${prompt().key}/new`;

  it('refuses an empty reflection and one without a theme, keeping the text', async () => {
    const agent = await as(student);
    const page = await agent.get(newPath());
    expect(page.status).toBe(200);
    const res = await agent.post(`/enrolments/${enrolmentId}/reflections`).type('form').send(`_csrf=${csrfFrom(page.text)}&module=${signOffModule.key}&prompt=${prompt().key}&text=${encodeURIComponent('Håpet kom tilbake')}`);
    expect(res.status).toBe(400);
    expect(mainText(res.text)).toContain('Velg minst ett tema.');
    expect(res.text).toContain('Håpet kom tilbake</textarea>');
    const empty = await agent.post(`/enrolments/${enrolmentId}/reflections`).type('form').send(`_csrf=${csrfFrom(page.text)}&module=${signOffModule.key}&prompt=${prompt().key}&text=&themes=chime.hope`);
    expect(mainText(empty.text)).toContain('Skriv refleksjonen din.');
  });

  it('keeps a reflection private until the student shares it, and lists it by theme', async () => {
    const agent = await as(student);
    const page = await agent.get(newPath());
    const res = await agent
      .post(`/enrolments/${enrolmentId}/reflections`)
      .type('form')
      .send(`_csrf=${csrfFrom(page.text)}&module=${signOffModule.key}&prompt=${prompt().key}&text=${encodeURIComponent('Min egen vei tilbake')}&themes=chime.hope&themes=spice.social`);
    expect(res.status).toBe(303);
    const list = await agent.get(`/enrolments/${enrolmentId}/reflections?theme=spice.social`);
    expect(mainText(list.text)).toContain('Min egen vei tilbake');
    expect(mainText(list.text)).toContain('Sosial bedring (SPICE)');
    expect(mainText((await agent.get(`/enrolments/${enrolmentId}/reflections?theme=chime.identity`)).text)).not.toContain('Min egen vei tilbake');

    const supervisorAgent = await as(supervisor);
    expect(mainText((await supervisorAgent.get(`/enrolments/${enrolmentId}/reflections`)).text)).not.toContain('Min egen vei tilbake');
    expect(mainText((await supervisorAgent.get(`/enrolments/${enrolmentId}/modules/${signOffModule.key}`)).text)).not.toContain('Min egen vei tilbake');

    const id = /id="reflection-(\d+)"/.exec(list.text)![1];
    await agent.post(`/reflections/${id}/share`).type('form').send({ _csrf: csrfFrom(list.text), back: 'list' });
    expect(mainText((await supervisorAgent.get(`/enrolments/${enrolmentId}/reflections`)).text)).toContain('Min egen vei tilbake');

    await agent.post(`/reflections/${id}/unshare`).type('form').send({ _csrf: csrfFrom(list.text) });
    expect(mainText((await supervisorAgent.get(`/enrolments/${enrolmentId}/reflections`)).text)).not.toContain('Min egen vei tilbake');
  });

  it('does not share a reflection that names a phone number or an e-mail address; saving it without them shares it', async () => {
    const agent = await as(student);
    const page = await agent.get(newPath());
    const text = 'Jeg ringte Kari på 912 34 567 etter samtalen.';
    await agent
      .post(`/enrolments/${enrolmentId}/reflections`)
      .type('form')
      .send(`_csrf=${csrfFrom(page.text)}&module=${signOffModule.key}&prompt=${prompt().key}&text=${encodeURIComponent(text)}&themes=chime.hope`);
    const list = await agent.get(`/enrolments/${enrolmentId}/reflections`);
    const id = new RegExp(`id="reflection-(\\d+)"[\\s\\S]*?${text.slice(0, 12)}`).exec(list.text)![1];

    const refused = await agent.post(`/reflections/${id}/share`).type('form').send({ _csrf: csrfFrom(list.text), back: 'list' });
    expect(refused.status).toBe(400);
    expect(mainText(refused.text)).toContain('Teksten ser ut til å inneholde et telefonnummer. Fjern det før du deler');
    expect(refused.text).toContain('id="text" name="text"');
    expect(refused.text).toContain('name="share" value="yes"');
    const supervisorAgent = await as(supervisor);
    expect(mainText((await supervisorAgent.get(`/enrolments/${enrolmentId}/reflections`)).text)).not.toContain('912 34 567');

    const version = /name="version" value="(\d+)"/.exec(refused.text)![1];
    const stillThere = await agent
      .post(`/reflections/${id}`)
      .type('form')
      .send(`_csrf=${csrfFrom(refused.text)}&version=${version}&share=yes&text=${encodeURIComponent('Skriv til kari@example.no')}&themes=chime.hope`);
    expect(stillThere.status).toBe(400);
    expect(mainText(stillThere.text)).toContain('Teksten ser ut til å inneholde en e-postadresse.');
    expect(stillThere.text).toContain('Skriv til kari@example.no</textarea>');

    const fixed = await agent
      .post(`/reflections/${id}`)
      .type('form')
      .send(`_csrf=${csrfFrom(refused.text)}&version=${version}&share=yes&text=${encodeURIComponent('Jeg ringte etter samtalen.')}&themes=chime.hope`);
    expect(fixed.status).toBe(303);
    expect(mainText((await supervisorAgent.get(`/enrolments/${enrolmentId}/reflections`)).text)).toContain('Jeg ringte etter samtalen.');
  });

  it('lets the student edit their reflection', async () => {
    const agent = await as(student);
    const list = await agent.get(`/enrolments/${enrolmentId}/reflections`);
    const id = /id="reflection-(\d+)"/.exec(list.text)![1];
    const edit = await agent.get(`/reflections/${id}/edit`);
    const version = /name="version" value="(\d+)"/.exec(edit.text)![1];
    const res = await agent.post(`/reflections/${id}`).type('form').send(`_csrf=${csrfFrom(edit.text)}&version=${version}&text=${encodeURIComponent('Skrevet om')}&themes=chime.meaning`);
    expect(res.status).toBe(303);
    expect(mainText((await agent.get(`/enrolments/${enrolmentId}/reflections`)).text)).toContain('Skrevet om');
  });

  it('is never shown to a coordinator, an employer or another student, shared or not', async () => {
    const student_ = await as(student);
    const list = await student_.get(`/enrolments/${enrolmentId}/reflections`);
    const id = /id="reflection-(\d+)"/.exec(list.text)![1];
    await student_.post(`/reflections/${id}/share`).type('form').send({ _csrf: csrfFrom(list.text) });
    for (const person of [coordinator, employer, otherStudent, otherSupervisor]) {
      const agent = await as(person);
      expect((await agent.get(`/enrolments/${enrolmentId}/reflections`)).status).toBe(404);
      expect((await agent.get(`/reflections/${id}/edit`)).status).toBe(404);
      const token = csrfFrom((await agent.get('/')).text);
      expect((await agent.post(`/reflections/${id}/unshare`).type('form').send({ _csrf: token })).status).toBe(404);
    }
    expect((await (await as(supervisor)).get(`/reflections/${id}/edit`)).status).toBe(404);
  });
});

describe('who may not reach an enrolment', () => {
  it('answers another student, another supervisor, another coordinator and an employer with 404', async () => {
    for (const person of [otherStudent, otherSupervisor, otherCoordinator, employer]) {
      const agent = await as(person);
      for (const path of [`/enrolments/${enrolmentId}`, `/enrolments/${enrolmentId}/modules/${signOffModule.key}`, lessonPath(signOffModule, 0)]) {
        expect([person.name, path, (await agent.get(path)).status]).toEqual([person.name, path, 404]);
      }
    }
  });

  it('lets only the student mark lessons, and only supervisors and coordinators sign off', async () => {
    const supervisorAgent = await as(supervisor);
    const token = csrfFrom((await supervisorAgent.get('/')).text);
    expect((await supervisorAgent.post(`${lessonPath(signOffModule, 0)}/done`).type('form').send({ _csrf: token })).status).toBe(404);

    const studentAgent = await as(student);
    const studentToken = csrfFrom((await studentAgent.get('/')).text);
    const module = t.app.get(CurriculaService).getCurrent('erfaringsskolen').content.modules.filter((m) => m.signOff)[1];
    expect((await studentAgent.post(`/enrolments/${enrolmentId}/modules/${module.key}/signoff`).type('form').send({ _csrf: studentToken, decision: 'signed_off' })).status).toBe(404);
    expect((await studentAgent.post(`${lessonPath(signOffModule, 0, otherEnrolmentId)}/done`).type('form').send({ _csrf: studentToken })).status).toBe(404);

    const otherAgent = await as(otherSupervisor);
    const otherToken = csrfFrom((await otherAgent.get('/')).text);
    expect((await otherAgent.post(`/enrolments/${enrolmentId}/modules/${module.key}/signoff`).type('form').send({ _csrf: otherToken, decision: 'returned', comment: 'x' })).status).toBe(404);
    const [{ count }] = await t.dataSource.query(`SELECT COUNT(*) AS count FROM module_signoffs WHERE module_key = '${module.key}'`);
    expect(Number(count)).toBe(0);
  });

  it('lets the cohort coordinator see the enrolment and sign off', async () => {
    const agent = await as(coordinator);
    expect((await agent.get(`/enrolments/${enrolmentId}`)).status).toBe(200);
    expect(mainText((await agent.get(`/enrolments/${enrolmentId}/modules/${signOffModule.key}`)).text)).toContain('Godkjent av');
  });

  it('keeps the student list pages to their roles', async () => {
    expect((await (await as(supervisor)).get('/enrolments')).status).toBe(404);
    expect((await (await as(student)).get('/supervision')).status).toBe(404);
  });
});
