import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { loadCurricula } from './curriculum-loader';
import { practicePeriods } from './curriculum.types';

/** A small, valid programme; tests spoil one thing at a time. */
function validCurriculum(slug = 'test-programme'): Record<string, unknown> {
  return {
    slug,
    title: { nb: 'Testprogram', en: 'Test programme' },
    summary: { nb: 'Et kort program.' },
    duration: { unit: 'weeks', length: 4 },
    workload: { daysPerWeek: 3 },
    schedule: { daysPerWeek: 2, weekdays: ['monday', 'wednesday'], from: 1, to: 4, hoursPerDay: 6 },
    attendance: { threshold: 80 },
    practice: { requiredHours: 20, categories: [{ key: 'support', title: { nb: 'Støtte' } }] },
    modules: [
      {
        key: 'recovery',
        title: { nb: 'Bedring' },
        summary: { nb: 'Hva bedring er.' },
        period: { from: 1, to: 2 },
        signOff: true,
        lessons: [{ key: 'intro', title: { nb: 'Innledning' }, file: 'intro.md', minutes: 20 }],
        reflections: [{ key: 'own', prompt: { nb: 'Hva betyr håp for deg?' }, themes: ['chime.hope', 'spice.individual'] }],
      },
    ],
    completion: { modulesSignedOff: true, practiceHours: true, attendance: true, assignment: false },
  };
}

let root: string;

function writeProgramme(folder: string, content: Record<string, unknown> | string, lessons: Record<string, string> = { 'intro.md': '## Bedring\n\nTekst.' }) {
  const dir = path.join(root, folder);
  fs.mkdirSync(path.join(dir, 'lessons'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'curriculum.yaml'), typeof content === 'string' ? content : stringify(content));
  for (const [name, text] of Object.entries(lessons)) fs.writeFileSync(path.join(dir, 'lessons', name), text);
}

beforeEach(() => {
  root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'curricula-')), 'curricula');
  fs.mkdirSync(root);
});

describe('loadCurricula', () => {
  it('loads a valid programme with its lesson texts, English when present', () => {
    writeProgramme('test-programme', validCurriculum(), { 'intro.md': 'Norsk tekst', 'intro.en.md': 'English text' });
    const { curricula, problems } = loadCurricula(root);
    expect(problems).toEqual([]);
    expect(curricula).toHaveLength(1);
    expect(curricula[0].content.modules[0].lessons[0].body).toEqual({ nb: 'Norsk tekst', en: 'English text' });
    expect(curricula[0].hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same hash for an unchanged file and a new one when a lesson text changes', () => {
    writeProgramme('test-programme', validCurriculum());
    const first = loadCurricula(root).curricula[0].hash;
    expect(loadCurricula(root).curricula[0].hash).toBe(first);
    fs.writeFileSync(path.join(root, 'test-programme', 'lessons', 'intro.md'), 'Endret tekst');
    expect(loadCurricula(root).curricula[0].hash).not.toBe(first);
  });

  it('names the file and field of a missing field', () => {
    const content = validCurriculum();
    delete content.attendance;
    writeProgramme('test-programme', content);
    expect(loadCurricula(root).problems).toEqual([
      { file: 'curricula/test-programme/curriculum.yaml', path: 'attendance', message: 'attendance should not be null or undefined' },
    ]);
  });

  it('names a value of the wrong type with its nested path', () => {
    const content = validCurriculum();
    (content.duration as Record<string, unknown>).length = 'fifteen';
    writeProgramme('test-programme', content);
    const { problems } = loadCurricula(root);
    expect(problems.map((p) => p.path)).toEqual(['duration.length', 'duration.length', 'duration.length']);
    expect(problems[0].message).toMatch(/must not be greater than|must be an integer/);
    expect(problems.some((p) => p.message === 'length must be an integer number')).toBe(true);
  });

  it('refuses an unknown recovery theme, naming the known ones', () => {
    const content = validCurriculum();
    (content.modules as { reflections: { themes: string[] }[] }[])[0].reflections[0].themes = ['chime.hope', 'chime.courage'];
    writeProgramme('test-programme', content);
    const [problem] = loadCurricula(root).problems;
    expect(problem.path).toBe('modules[0].reflections[0].themes');
    expect(problem.message).toContain('chime.connectedness');
    expect(problem.message).toContain('chime.courage');
  });

  it('reports a lesson file that does not exist', () => {
    const content = validCurriculum();
    (content.modules as { lessons: { file: string }[] }[])[0].lessons[0].file = 'missing.md';
    writeProgramme('test-programme', content);
    expect(loadCurricula(root).problems).toEqual([
      {
        file: 'curricula/test-programme/curriculum.yaml',
        path: 'modules[0].lessons[0].file',
        message: 'lesson file lessons/missing.md does not exist',
      },
    ]);
  });

  it('refuses a lesson path that leaves the lessons folder', () => {
    const content = validCurriculum();
    (content.modules as { lessons: { file: string }[] }[])[0].lessons[0].file = '../../secret.md';
    writeProgramme('test-programme', content);
    expect(loadCurricula(root).problems[0].path).toBe('modules[0].lessons[0].file');
  });

  it('reports a slug used by two folders', () => {
    writeProgramme('a-programme', validCurriculum('same'));
    writeProgramme('b-programme', validCurriculum('same'));
    const { curricula, problems } = loadCurricula(root);
    expect(curricula).toHaveLength(1);
    expect(problems).toEqual([
      { file: 'curricula/b-programme/curriculum.yaml', path: 'slug', message: 'slug "same" is already used by curricula/a-programme/curriculum.yaml' },
    ]);
  });

  it('reports bad YAML with its line', () => {
    writeProgramme('test-programme', 'slug: x\ntitle:\n  nb: "unterminated\nsummary: [\n');
    const [problem] = loadCurricula(root).problems;
    expect(problem.file).toBe('curricula/test-programme/curriculum.yaml');
    expect(problem.message).toMatch(/^line \d+, column \d+: invalid YAML/);
  });

  it('reports a field it does not know, to catch typos', () => {
    const content = { ...validCurriculum(), attendence: { threshold: 80 } };
    writeProgramme('test-programme', content);
    expect(loadCurricula(root).problems).toEqual([
      expect.objectContaining({ path: 'attendence', message: 'property attendence should not exist' }),
    ]);
  });

  it('checks rules across fields: periods within the duration, unique keys, a completion rule that fits', () => {
    const content = validCurriculum();
    const modules = content.modules as Record<string, unknown>[];
    modules[0].period = { from: 3, to: 9 };
    modules.push({ ...modules[0], period: { from: 1, to: 1 } });
    content.completion = { modulesSignedOff: true, practiceHours: true, attendance: true, assignment: true };
    writeProgramme('test-programme', content);
    const messages = loadCurricula(root).problems.map((p) => `${p.path}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        "modules[0].period.to: must be within the programme's 4 weeks (got 9)",
        'modules[1].key: key "recovery" is used twice',
        'completion.assignment: requires an assignment, but the programme has none',
      ]),
    );
  });

  it('refuses a milestone that falls due after the programme has ended', () => {
    const content = validCurriculum();
    const milestone = (key: string, dueAfter: number) => ({ key, title: { nb: key }, dueAfter });
    // Four weeks: due after 3 weeks is the first day of week 4; after 4 weeks is the day after the last day.
    content.assignment = { title: { nb: 'Oppgave' }, milestones: [milestone('draft', 3), milestone('final', 4)] };
    writeProgramme('test-programme', content);
    expect(loadCurricula(root).problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      "assignment.milestones[1].dueAfter: must fall due within the programme: it is due on the first day after 4 weeks, so it must be less than the programme's 4 weeks (got 4)",
    ]);
  });

  it('loads phases and refuses ones outside the programme, overlapping their own kind, or leaving practice no place', () => {
    const content = validCurriculum();
    content.phases = [
      { kind: 'theory', from: 1, to: 2 },
      { kind: 'practice', from: 3, to: 4 },
    ];
    writeProgramme('test-programme', content);
    const loaded = loadCurricula(root);
    expect(loaded.problems).toEqual([]);
    expect(loaded.curricula[0].content.phases).toEqual(content.phases);

    content.phases = [
      { kind: 'theory', from: 1, to: 3 },
      { kind: 'theory', from: 3, to: 6 },
      { kind: 'lecture', from: 1, to: 1 },
    ];
    writeProgramme('test-programme', content);
    expect(loadCurricula(root).problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'phases[2].kind: kind must be one of theory, practice, assignment (got "lecture")',
    ]);
    content.phases = (content.phases as unknown[]).slice(0, 2);
    writeProgramme('test-programme', content);
    expect(loadCurricula(root).problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      "phases[1].to: must be within the programme's 4 weeks (got 6)",
      'phases[1]: overlaps phases[0], another theory phase',
      'phases: has no practice phase, but the programme requires 20 practice hours',
    ]);
  });

  it('reports every problem of every file at once', () => {
    const broken = validCurriculum('first');
    delete broken.summary;
    writeProgramme('first', broken);
    writeProgramme('second', 'slug: [');
    const { problems } = loadCurricula(root);
    expect(new Set(problems.map((p) => p.file))).toEqual(
      new Set(['curricula/first/curriculum.yaml', 'curricula/second/curriculum.yaml']),
    );
  });
});

describe('the curricula shipped with Brobygger', () => {
  it('load without a single problem', () => {
    const { curricula, problems } = loadCurricula(path.resolve(__dirname, '..', '..', 'curricula'));
    expect(problems).toEqual([]);
    expect(curricula.map((c) => c.slug).sort()).toEqual(['erfaringsskolen', 'mb-bergen']);
    const modules = curricula.flatMap((c) => c.content.modules);
    expect(modules.length).toBeGreaterThanOrEqual(8);
    for (const lesson of modules.flatMap((m) => m.lessons)) {
      expect(lesson.body.nb.split(/\s+/).length).toBeGreaterThan(250);
    }
  });

  it('place MB Bergen in theory, then practice, then the assignment, as the sources describe it', () => {
    const mb = loadCurricula(path.resolve(__dirname, '..', '..', 'curricula')).curricula.find((c) => c.slug === 'mb-bergen')!.content;
    expect(mb.phases?.map((p) => p.kind)).toEqual(['theory', 'practice', 'assignment']);
    expect(practicePeriods(mb)).not.toContain(4);
  });
});
