import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DataSource } from 'typeorm';
import { CohortSetupService } from '../src/cohort-admin/cohort-setup.service';
import { CohortsService } from '../src/cohorts/cohorts.service';
import { CurriculumProblemsError } from '../src/curricula/curriculum-loader';
import { CurriculaService } from '../src/curricula/curricula.service';
import { CurriculumVersion } from '../src/curricula/curriculum-version.entity';
import { makeUser, startTestApp, TestApp } from './support/test-app';

const shipped = path.resolve(__dirname, '..', 'curricula');

/** A copy of the shipped curricula that a test may edit. */
function copyOfCurricula(): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'curricula-copy-')), 'curricula');
  fs.cpSync(shipped, dir, { recursive: true });
  return dir;
}

describe('curriculum versions', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = copyOfCurricula();
    t = await startTestApp({ curriculaDir: dir });
  });

  afterAll(async () => {
    await t.close();
  });

  const versions = () => t.dataSource.getRepository(CurriculumVersion).find({ order: { slug: 'ASC', version: 'ASC' } });

  it('stores each programme once, and loading unchanged files again makes no new version', async () => {
    expect((await versions()).map((v) => `${v.slug}@${v.version}`)).toEqual(['erfaringsskolen@1', 'mb-bergen@1']);
    await t.app.get(CurriculaService).syncFromDisk();
    expect(await versions()).toHaveLength(2);
  });

  it('keeps a running cohort on its version when the file changes and a new version is loaded', async () => {
    const curricula = t.app.get(CurriculaService);
    const v1 = curricula.getCurrent('erfaringsskolen');
    const coordinator = await makeUser(t, ['coordinator']);
    const cohort = await t.app.get(CohortSetupService).create({ name: 'Early cohort', curriculumVersionId: v1.id, startDate: '2026-09-07', coordinatorIds: [coordinator.id] });

    const file = path.join(dir, 'erfaringsskolen', 'curriculum.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/threshold: \d+/, 'threshold: 95'));
    await curricula.syncFromDisk();

    const v2 = curricula.getCurrent('erfaringsskolen');
    expect(v2.version).toBe(2);
    expect(v2.content.attendance.threshold).toBe(95);
    const [summary] = await t.app.get(CohortsService).cohortsFor({ id: coordinator.id, roles: ['coordinator'] });
    expect(summary.id).toBe(cohort.id);
    expect(summary.programme.version).toBe(1);
    expect(summary.programme.content.attendance.threshold).not.toBe(95);
    expect((await versions()).map((v) => `${v.slug}@${v.version}`)).toEqual(['erfaringsskolen@1', 'erfaringsskolen@2', 'mb-bergen@1']);
  });

  it('refuses an invalid file at a later load and keeps serving the versions it had', async () => {
    const curricula = t.app.get(CurriculaService);
    fs.writeFileSync(path.join(dir, 'mb-bergen', 'curriculum.yaml'), 'slug: [');
    await expect(curricula.syncFromDisk()).rejects.toThrow(CurriculumProblemsError);
    expect(curricula.getCurrent('mb-bergen').version).toBe(1);
  });
});

describe('start-up with an invalid curriculum', () => {
  it('refuses to start, naming the file and the field, and closes the database it had opened', async () => {
    const dir = copyOfCurricula();
    const file = path.join(dir, 'mb-bergen', 'curriculum.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^duration:\n(\s+)unit: months/m, 'duration:\n$1unit: fortnights'));
    // The database it had opened, to see that the failed start closed it again.
    const opened: DataSource[] = [];
    const initialize = DataSource.prototype.initialize;
    const spy = jest.spyOn(DataSource.prototype, 'initialize').mockImplementation(function (this: DataSource) {
      opened.push(this);
      return initialize.call(this);
    });
    try {
      const start = startTestApp({ curriculaDir: dir });
      await expect(start).rejects.toThrow(CurriculumProblemsError);
      await expect(start).rejects.toThrow(/curricula\/mb-bergen\/curriculum\.yaml duration\.unit: unit must be one of the following values: weeks, months/);
    } finally {
      spy.mockRestore();
    }
    expect(opened).toHaveLength(1);
    expect(opened[0].isInitialized).toBe(false);
  });
});
