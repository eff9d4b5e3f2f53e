#!/usr/bin/env node
// Captures, once, the view model each benchmarked page renders: an application context on the same
// database calls the service method the page's controller calls, for the same signed-in person, and
// the result is written as JSON for the floor server (bench/floor.js).
//
//   node bench/capture.js <bench.sqlite.json> <models.json>
const fs = require('fs');
const path = require('path');
const { BENCH_MAIL } = require('./lib');

const root = path.resolve(__dirname, '..');
const dist = (p) => require(path.join(root, 'dist', p));

/** The language and secrets of a visit, as the controllers take them (`CurrentVisit`). */
const VISIT = { locale: 'nb', secrets: {} };

/** The pages measured: path, template, who is signed in, and the controller's service call. */
const PAGES = [
  { key: 'home', label: 'student home', account: 'student', path: () => '/', view: 'home/index', call: (get, user) => get('home/home.service.js', 'HomeService').forUser(user) },
  {
    key: 'queue',
    label: 'supervisor queue',
    account: 'supervisor',
    path: () => '/supervision/queue',
    view: 'practice/queue',
    call: (get, user) => get('practice/practice.service.js', 'PracticeService').queue(user, {}),
  },
  {
    key: 'employer',
    label: 'employer view',
    account: 'employer',
    path: () => '/employer',
    view: 'progress/employer',
    call: (get, user) => get('progress/employer.service.js', 'EmployerService').page(user, VISIT),
    // What a change to one of the trainees' figures does to the page's kept part (see bench/run.js): their cohorts' stamps move.
    change: (info) => [
      'UPDATE change_stamps SET stamp = stamp + 1 WHERE cohort_id IN (SELECT cohort_id FROM enrolments WHERE employer_organisation_id = (SELECT organisation_id FROM users WHERE id = ?))',
      info.accounts.employer.id,
    ],
  },
  {
    key: 'cohort',
    label: 'coordinator cohort table',
    account: 'coordinator',
    path: (info) => `/cohorts/${info.accounts.coordinator.cohortId}/progress`,
    view: 'progress/cohort-progress',
    call: (get, user, info) => get('progress/cohort-progress.service.js', 'CohortProgressService').page(user, info.accounts.coordinator.cohortId, {}, VISIT),
    change: (info) => ['UPDATE change_stamps SET stamp = stamp + 1 WHERE cohort_id = ?', info.accounts.coordinator.cohortId],
  },
];

async function main() {
  const [infoFile, outFile] = process.argv.slice(2);
  if (!infoFile || !outFile) throw new Error('usage: node bench/capture.js <bench.sqlite.json> <models.json>');
  const info = JSON.parse(fs.readFileSync(infoFile, 'utf8'));
  const { NestFactory } = require('@nestjs/core');
  const { AppModule } = dist('app.module.js');
  const { loadConfig } = dist('config/config.js');
  const config = loadConfig({ ...process.env, ...BENCH_MAIL, NODE_ENV: 'production', DATABASE_URL: `sqlite:${info.file}`, SESSION_SECRET: 'x'.repeat(40), PUBLIC_URL: 'http://127.0.0.1' });
  const app = await NestFactory.createApplicationContext(AppModule.register(config), { logger: ['error'] });
  await app.get(dist('curricula/curricula.service.js').CurriculaService).syncFromDisk();
  const users = app.get(dist('users/users.service.js').UsersService);
  const get = (file, name) => app.get(dist(file)[name]);

  const models = {};
  for (const page of PAGES) {
    const user = await users.sessionUser(info.accounts[page.account].id);
    if (!user) throw new Error(`no ${page.account} account ${info.accounts[page.account].id}`);
    const data = await page.call(get, user, info);
    models[page.key] = { path: page.path(info), view: page.view, user, data: JSON.parse(JSON.stringify(data)) };
  }
  await app.close();
  fs.writeFileSync(outFile, JSON.stringify(models));
}

module.exports = { PAGES };

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
