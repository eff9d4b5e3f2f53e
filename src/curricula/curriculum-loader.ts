import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { LineCounter, parseDocument } from 'yaml';
import { stableStringify } from '../common/stable-stringify';
import { CurriculumSchema } from './curriculum.schema';
import type { CurriculumContent } from './curriculum.types';

export interface CurriculumProblem {
  /** The file, relative to the folder above the curricula folder (e.g. curricula/x/curriculum.yaml). */
  file: string;
  /** Where in the file, e.g. modules[2].lessons[0].file; empty for the file as a whole. */
  path: string;
  message: string;
}

export interface LoadedCurriculum {
  slug: string;
  /** SHA-256 of the structure and every lesson text; the same file loads to the same hash. */
  hash: string;
  content: CurriculumContent;
}

export interface CurriculaLoad {
  curricula: LoadedCurriculum[];
  problems: CurriculumProblem[];
}

export class CurriculumProblemsError extends Error {
  constructor(readonly problems: CurriculumProblem[]) {
    super(`The curricula have ${problems.length} problem(s):\n${formatProblems(problems)}`);
    this.name = 'CurriculumProblemsError';
  }
}

export function formatProblems(problems: CurriculumProblem[]): string {
  return problems.map((p) => `  ${p.file}${p.path ? ` ${p.path}` : ''}: ${p.message}`).join('\n');
}

/** Reads every programme folder under `root`, reporting every problem found rather than stopping at the first. */
export function loadCurricula(root: string): CurriculaLoad {
  const problems: CurriculumProblem[] = [];
  const curricula: LoadedCurriculum[] = [];
  const display = (file: string) => path.relative(path.dirname(root), file).split(path.sep).join('/');

  if (!fs.existsSync(root)) {
    return { curricula, problems: [{ file: display(root), path: '', message: 'the curricula folder does not exist' }] };
  }

  const folders = fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();

  const slugOwners = new Map<string, string>();
  for (const folder of folders) {
    const file = path.join(root, folder, 'curriculum.yaml');
    if (!fs.existsSync(file)) {
      problems.push({ file: display(path.join(root, folder)), path: '', message: 'the folder has no curriculum.yaml' });
      continue;
    }
    const result = loadOne(path.join(root, folder), display(file));
    problems.push(...result.problems);
    if (!result.curriculum) continue;

    const owner = slugOwners.get(result.curriculum.slug);
    if (owner) {
      problems.push({ file: display(file), path: 'slug', message: `slug "${result.curriculum.slug}" is already used by ${owner}` });
      continue;
    }
    slugOwners.set(result.curriculum.slug, display(file));
    curricula.push(result.curriculum);
  }
  return { curricula, problems };
}

function loadOne(folder: string, file: string): { curriculum?: LoadedCurriculum; problems: CurriculumProblem[] } {
  const problems: CurriculumProblem[] = [];
  const add = (fieldPath: string, message: string) => problems.push({ file, path: fieldPath, message });

  const text = fs.readFileSync(path.join(folder, 'curriculum.yaml'), 'utf8');
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const where = lineCounter.linePos(error.pos[0]);
      add('', `${where ? `line ${where.line}, column ${where.col}: ` : ''}invalid YAML: ${error.message.split('\n')[0]}`);
    }
    return { problems };
  }

  const raw: unknown = document.toJS();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    add('', 'the file must hold a mapping of fields (see curricula/README.md)');
    return { problems };
  }

  const instance = plainToInstance(CurriculumSchema, raw);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  for (const { path: fieldPath, message } of flatten(errors)) add(fieldPath, message);
  if (problems.length > 0) return { problems };

  const content = raw as CurriculumContent;
  checkRules(content, add);

  for (const [moduleIndex, module] of content.modules.entries()) {
    module.reflections ??= [];
    for (const [lessonIndex, lesson] of module.lessons.entries()) {
      const fieldPath = `modules[${moduleIndex}].lessons[${lessonIndex}].file`;
      const nbFile = path.join(folder, 'lessons', lesson.file);
      if (!fs.existsSync(nbFile)) {
        add(fieldPath, `lesson file lessons/${lesson.file} does not exist`);
        continue;
      }
      const nb = fs.readFileSync(nbFile, 'utf8');
      if (!nb.trim()) add(fieldPath, `lesson file lessons/${lesson.file} is empty`);
      const enFile = nbFile.replace(/\.md$/, '.en.md');
      const en = fs.existsSync(enFile) ? fs.readFileSync(enFile, 'utf8') : undefined;
      lesson.body = en?.trim() ? { nb, en } : { nb };
    }
  }
  content.assumptions ??= [];
  if (problems.length > 0) return { problems };

  return { curriculum: { slug: content.slug, hash: hashOf(content), content }, problems };
}

/** Rules that span fields: unique keys, periods inside the programme, a consistent workload and completion rule. */
function checkRules(c: CurriculumContent, add: (fieldPath: string, message: string) => void): void {
  const unit = c.duration.unit;
  const within = (fieldPath: string, value: number) => {
    if (value > c.duration.length) add(fieldPath, `must be within the programme's ${c.duration.length} ${unit} (got ${value})`);
  };

  const workloads = [c.workload.daysPerWeek, c.workload.percentOfFullTime].filter((v) => v !== undefined);
  if (workloads.length !== 1) add('workload', 'give exactly one of daysPerWeek and percentOfFullTime');

  within('schedule.from', c.schedule.from);
  within('schedule.to', c.schedule.to);
  if (c.schedule.to < c.schedule.from) add('schedule.to', 'must not be before schedule.from');
  if (new Set(c.schedule.weekdays).size !== c.schedule.weekdays.length) add('schedule.weekdays', 'lists a weekday twice');
  if (c.schedule.weekdays.length < c.schedule.daysPerWeek) {
    add('schedule.weekdays', `needs at least ${c.schedule.daysPerWeek} weekdays for ${c.schedule.daysPerWeek} teaching days a week`);
  }

  unique('practice.categories', c.practice.categories.map((x) => x.key), add);
  unique('modules', c.modules.map((x) => x.key), add);
  for (const [i, module] of c.modules.entries()) {
    within(`modules[${i}].period.from`, module.period.from);
    within(`modules[${i}].period.to`, module.period.to);
    if (module.period.to < module.period.from) add(`modules[${i}].period.to`, 'must not be before period.from');
    unique(`modules[${i}].lessons`, module.lessons.map((x) => x.key), add);
    unique(`modules[${i}].lessons`, module.lessons.map((x) => x.file), add, 'file');
    unique(`modules[${i}].reflections`, (module.reflections ?? []).map((x) => x.key), add);
  }

  checkPhases(c, add);

  if (c.assignment) {
    unique('assignment.milestones', c.assignment.milestones.map((x) => x.key), add);
    // A milestone is due on the first day of the period after `dueAfter`: with dueAfter equal to the length,
    // that is the day after the programme has ended.
    c.assignment.milestones.forEach((m, i) => {
      if (m.dueAfter >= c.duration.length) {
        add(
          `assignment.milestones[${i}].dueAfter`,
          `must fall due within the programme: it is due on the first day after ${m.dueAfter} ${unit}, so it must be less than the programme's ${c.duration.length} ${unit} (got ${m.dueAfter})`,
        );
      }
    });
  }
  if (c.completion.assignment && !c.assignment) add('completion.assignment', 'requires an assignment, but the programme has none');
}

/** Phases lie inside the programme, do not overlap one of the same kind, and give practice a place when hours are required. */
function checkPhases(c: CurriculumContent, add: (fieldPath: string, message: string) => void): void {
  if (!c.phases) return;
  const unit = c.duration.unit;
  c.phases.forEach((phase, i) => {
    if (phase.to > c.duration.length) add(`phases[${i}].to`, `must be within the programme's ${c.duration.length} ${unit} (got ${phase.to})`);
    if (phase.from > c.duration.length) add(`phases[${i}].from`, `must be within the programme's ${c.duration.length} ${unit} (got ${phase.from})`);
    if (phase.to < phase.from) add(`phases[${i}].to`, 'must not be before from');
    c.phases!.slice(0, i).forEach((other, j) => {
      if (other.kind === phase.kind && phase.from <= other.to && other.from <= phase.to) {
        add(`phases[${i}]`, `overlaps phases[${j}], another ${phase.kind} phase`);
      }
    });
  });
  if (c.practice.requiredHours > 0 && !c.phases.some((p) => p.kind === 'practice')) {
    add('phases', `has no practice phase, but the programme requires ${c.practice.requiredHours} practice hours`);
  }
}

function unique(fieldPath: string, values: string[], add: (p: string, m: string) => void, what = 'key'): void {
  const seen = new Set<string>();
  values.forEach((value, i) => {
    if (seen.has(value)) add(`${fieldPath}[${i}].${what}`, `${what} "${value}" is used twice`);
    seen.add(value);
  });
}

/** Turns class-validator's error tree into one line per problem with a field path like modules[2].lessons[0].file. */
export function flatten(errors: ValidationError[], parent = ''): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  for (const error of errors) {
    const isIndex = /^\d+$/.test(error.property);
    const here = isIndex ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) out.push({ path: here, message });
    out.push(...flatten(error.children ?? [], here));
  }
  return out;
}

function hashOf(content: CurriculumContent): string {
  return createHash('sha256').update(stableStringify(content)).digest('hex');
}
