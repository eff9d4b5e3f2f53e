#!/usr/bin/env node
// Builds a large installation for the benchmark in a fresh SQLite file: the real migrations and
// programmes, then users, cohorts, enrolments, consents, attendance, lessons, sign-offs and practice
// entries with prepared statements in large transactions. Needs `nest build` first (uses dist/).
//
//   node bench/generate.js --scale 1 --out bench/data/bench-1.sqlite
//
// Writes <out>.json beside the file: the accounts to sign in as and the installation's counts.
const fs = require('fs');
const path = require('path');
const { parseArgs, mulberry32, sizesFor } = require('./lib');

const root = path.resolve(__dirname, '..');
const dist = (p) => require(path.join(root, 'dist', p));

const PASSWORD = 'bench-password-not-secret';
const DAY_MS = 86_400_000;

const FIRST = ['Anne', 'Bjørn', 'Camilla', 'Dag', 'Eli', 'Frode', 'Guro', 'Håkon', 'Ingrid', 'Jon', 'Kari', 'Lars', 'Mona', 'Nils', 'Oda', 'Per', 'Randi', 'Sindre', 'Tone', 'Ulf', 'Vilde', 'Øystein', 'Åse', 'Hamza', 'Amina', 'Mateusz'];
const LAST = ['Hansen', 'Johansen', 'Olsen', 'Larsen', 'Andersen', 'Pedersen', 'Nilsen', 'Kristiansen', 'Jensen', 'Karlsen', 'Berg', 'Haugen', 'Hagen', 'Eriksen', 'Bakken', 'Lie', 'Dahl', 'Lund', 'Moen', 'Strand'];
const DESCRIPTIONS = [
  'Samtale med en bruker om hva som har hjulpet i egen bedring, og hvordan veien videre kan se ut. Jeg lyttet mest og delte litt fra egen erfaring.',
  'Deltok i samtalegruppe på dagsenteret. Vi snakket om håp og hverdagsrutiner, og jeg hjalp til med å holde rammene for gruppa.',
  'Teammøte med miljøpersonalet der vi drøftet hvordan brukermedvirkning kan bli en fast del av innkomstsamtalene.',
  'Besøk hos en brukerorganisasjon sammen med en deltaker som ønsket kontakt med et likepersonstilbud i nærmiljøet.',
  'Veiledning med praksisveileder om grenser for egen deling og hvordan jeg tar vare på meg selv etter krevende samtaler.',
  'Tur med to brukere i nærområdet, med samtale underveis om nettverk og hva som gir mening i hverdagen.',
];
const REFLECTIONS = [
  'Jeg merket at det å vente litt før jeg delte egen erfaring ga mer rom for den andre. Neste gang vil jeg spørre mer før jeg forteller.',
  'Det var uvant å være i rollen som ansatt i gruppa. Jeg kjente igjen mye av min egen historie, og måtte minne meg selv på hvem samtalen var for.',
  'Jeg opplevde at mine innspill ble tatt på alvor i teamet. Det styrket troen på at erfaringskompetanse har en plass her.',
];
const THEMES = ['connectedness', 'hope', 'identity', 'meaning', 'empowerment'];

/** 'YYYY-MM-DD HH:MM:SS.SSS' in UTC, as TypeORM writes dates to SQLite. */
function stamp(ms) {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const scale = args.scale;
  const out = path.resolve(args.out ?? path.join(root, 'bench', 'data', `bench-${scale}.sqlite`));
  const sizes = sizesFor(scale);
  const started = Date.now();
  for (const suffix of ['', '-wal', '-shm', '.json']) fs.rmSync(out + suffix, { force: true });
  fs.mkdirSync(path.dirname(out), { recursive: true });

  const { openDatabase } = dist('database/data-source.js');
  const { loadCurricula } = dist('curricula/curriculum-loader.js');
  const { CurriculumVersion } = dist('curricula/curriculum-version.entity.js');
  const { generateTeachingDays } = dist('attendance/teaching-days.js');
  const { hashPassword } = dist('users/passwords.js');
  const { today, addDays, daysBetween } = dist('common/dates.js');
  const { periodStart, programmeEnd } = dist('cohorts/timeline.js');

  // The real schema, and the programmes stored exactly as the server stores them (same slug and hash, so it reuses them).
  const dataSource = await openDatabase({ type: 'sqlite', path: out });
  const { curricula, problems } = loadCurricula(path.join(root, 'curricula'));
  if (problems.length) throw new Error(`curricula: ${JSON.stringify(problems)}`);
  const repo = dataSource.getRepository(CurriculumVersion);
  const programmes = [];
  for (const slug of ['erfaringsskolen', 'mb-bergen']) {
    const loaded = curricula.find((c) => c.slug === slug);
    if (!loaded) throw new Error(`programme ${slug} not found in curricula/`);
    const saved = await repo.save(repo.create({ slug, version: 1, contentHash: loaded.hash, content: loaded.content }));
    programmes.push({ id: saved.id, slug, content: loaded.content });
  }
  await dataSource.destroy();

  const Database = require('better-sqlite3');
  const db = new Database(out);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -200000');

  const rand = mulberry32(20251117);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const hash = await hashPassword(PASSWORD);
  const now = Date.now();
  const todayDate = today();
  const nowStamp = stamp(now);
  const name = (i) => `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`;

  const insertOrg = db.prepare('INSERT INTO organisations (id, name, created_at) VALUES (?, ?, ?)');
  const insertUser = db.prepare(
    'INSERT INTO users (id, email, name, password_hash, locale, organisation_id, active, created_at, updated_at, version) VALUES (?, ?, ?, ?, NULL, ?, 1, ?, ?, 1)',
  );
  const insertRole = db.prepare('INSERT INTO user_roles (user_id, role) VALUES (?, ?)');
  let userId = 0;
  const addUser = (email, fullName, roles, organisationId = null) => {
    userId += 1;
    insertUser.run(userId, email, fullName, hash, organisationId, nowStamp, nowStamp);
    for (const role of roles) insertRole.run(userId, role);
    return userId;
  };

  // ---- organisations and people
  const ids = { students: [], supervisors: [], coordinators: [], employers: [], organisations: [] };
  db.transaction(() => {
    for (let i = 1; i <= sizes.organisations; i += 1) {
      insertOrg.run(i, `${pick(['Bydel', 'Kommune', 'DPS', 'Senter'])} ${LAST[i % LAST.length]} ${i}`, nowStamp);
      ids.organisations.push(i);
    }
    addUser('admin@bench.test', 'Bench Admin', ['admin']);
    for (let i = 1; i <= sizes.coordinators; i += 1) ids.coordinators.push(addUser(`coordinator${i}@bench.test`, `Koordinator ${name(i)}`, ['coordinator']));
    for (let i = 1; i <= sizes.supervisors; i += 1) ids.supervisors.push(addUser(`supervisor${i}@bench.test`, `Veileder ${name(i + 7)}`, ['supervisor']));
    for (let i = 1; i <= sizes.organisations; i += 1) ids.employers.push(addUser(`employer${i}@bench.test`, `Arbeidsgiver ${name(i + 3)}`, ['employer'], i));
    for (let i = 1; i <= sizes.students; i += 1) ids.students.push(addUser(`student${i}@bench.test`, name(i), ['student']));
  })();

  // ---- cohorts with their teaching days, as the app generates them
  const insertCohort = db.prepare(
    'INSERT INTO cohorts (id, name, curriculum_version_id, start_date, created_at, version, teaching_weekdays) VALUES (?, ?, ?, ?, ?, 1, ?)',
  );
  const insertCoordinator = db.prepare('INSERT INTO cohort_coordinators (cohort_id, user_id) VALUES (?, ?)');
  const insertDay = db.prepare('INSERT INTO teaching_days (cohort_id, date, cancelled, created_at, version) VALUES (?, ?, 0, ?, 1)');
  const insertSkipped = db.prepare('INSERT INTO skipped_teaching_days (cohort_id, date, holiday, created_at) VALUES (?, ?, ?, ?)');
  const cohorts = [];
  db.transaction(() => {
    for (let c = 1; c <= sizes.cohorts; c += 1) {
      // Cohorts alternate between the two programmes; every one is running, at a different point of its programme.
      const programme = programmes[(c - 1) % 2];
      const weeks = programme.content.duration.unit === 'weeks';
      const ageDays = weeks ? 56 + ((c * 37) % 42) : 120 + ((c * 53) % 220);
      const startDate = addDays(todayDate, -ageDays);
      const weekdays = programme.content.schedule.weekdays;
      insertCohort.run(c, `${weeks ? 'Erfaringsskolen' : 'MB Bergen'} kull ${c}`, programme.id, startDate, nowStamp, weekdays.join(','));
      const coordinator = ids.coordinators[Math.floor((c - 1) / 10) % ids.coordinators.length];
      insertCoordinator.run(c, coordinator);
      // Holidays are skipped and kept apart, as the application does.
      const { days, skipped } = generateTeachingDays(startDate, programme.content, weekdays);
      for (const s of skipped) insertSkipped.run(c, s.date, JSON.stringify(s.holiday), nowStamp);
      const dayIds = days.map((date) => ({ id: Number(insertDay.run(c, date, nowStamp).lastInsertRowid), date }));
      cohorts.push({ id: c, programme, startDate, coordinator, days: dayIds, end: programmeEnd(startDate, programme.content.duration.unit, programme.content.duration.length) });
    }
  })();

  // ---- enrolments, supervisors, consents, attendance, lessons, sign-offs, practice
  const insertEnrolment = db.prepare(
    'INSERT INTO enrolments (id, cohort_id, student_id, employer_organisation_id, created_at, version, assessor_id) VALUES (?, ?, ?, ?, ?, 1, NULL)',
  );
  const insertSupervisor = db.prepare('INSERT INTO enrolment_supervisors (enrolment_id, user_id) VALUES (?, ?)');
  const insertConsent = db.prepare('INSERT INTO employer_consents (enrolment_id, organisation_id, granted, changed_at) VALUES (?, ?, ?, ?)');
  const insertAttendance = db.prepare('INSERT INTO attendance_records (teaching_day_id, enrolment_id, status, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)');
  const insertLesson = db.prepare('INSERT INTO lesson_progress (enrolment_id, module_key, lesson_key, completed_at) VALUES (?, ?, ?, ?)');
  const insertSignoff = db.prepare('INSERT INTO module_signoffs (enrolment_id, module_key, decision, comment, decided_by, decided_at) VALUES (?, ?, ?, NULL, ?, ?)');
  const insertEntry = db.prepare(
    'INSERT INTO practice_entries (enrolment_id, date, quarter_hours, placement_id, category, description, reflection, reflection_themes, reflection_shared, state, return_comment, submitted_at, decided_at, decided_by, created_at, updated_at, version) ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)',
  );

  const counts = { enrolments: 0, consents: 0, attendance: 0, lessons: 0, signoffs: 0, entries: 0 };
  const consenting = new Map(); // organisation id -> consenting trainees
  const batch = 250;
  for (let first = 0; first < ids.students.length; first += batch) {
    db.transaction(() => {
      for (let s = first; s < Math.min(first + batch, ids.students.length); s += 1) {
        const enrolmentId = s + 1;
        const cohort = cohorts[s % cohorts.length];
        const content = cohort.programme.content;
        const unit = content.duration.unit;
        // 8 in 10 are employed or placed with an organisation; their practice is there.
        const organisation = rand() < 0.8 ? ids.organisations[s % ids.organisations.length] : null;
        const supervisor = ids.supervisors[s % ids.supervisors.length];
        insertEnrolment.run(enrolmentId, cohort.id, ids.students[s], organisation, stamp(Date.parse(cohort.startDate) - 7 * DAY_MS));
        insertSupervisor.run(enrolmentId, supervisor);
        counts.enrolments += 1;

        if (organisation) {
          const r = rand();
          if (r < 0.65) {
            insertConsent.run(enrolmentId, organisation, 1, stamp(Date.parse(cohort.startDate)));
            counts.consents += 1;
            consenting.set(organisation, (consenting.get(organisation) ?? 0) + 1);
          } else if (r < 0.72) {
            insertConsent.run(enrolmentId, organisation, 1, stamp(Date.parse(cohort.startDate)));
            insertConsent.run(enrolmentId, organisation, 0, stamp(Date.parse(cohort.startDate) + 20 * DAY_MS));
            counts.consents += 2;
          }
        }

        for (const day of cohort.days) {
          if (day.date >= todayDate) break;
          const r = rand();
          insertAttendance.run(day.id, enrolmentId, r < 0.85 ? 'present' : r < 0.95 ? 'absent' : 'excused', cohort.coordinator, stamp(Date.parse(day.date) + 16 * 3600_000));
          counts.attendance += 1;
        }

        for (const module of content.modules) {
          const from = periodStart(cohort.startDate, unit, module.period.from);
          const to = periodStart(cohort.startDate, unit, module.period.to + 1);
          if (from > todayDate) continue;
          if (rand() < 0.85) {
            for (const lesson of module.lessons) {
              insertLesson.run(enrolmentId, module.key, lesson.key, stamp(Date.parse(from) + DAY_MS));
              counts.lessons += 1;
            }
          }
          if (module.signOff && to <= todayDate && rand() < 0.75) {
            insertSignoff.run(enrolmentId, module.key, 'signed_off', supervisor, stamp(Date.parse(to)));
            counts.signoffs += 1;
          }
        }

        // 100 entries from the start to today: the oldest approved (a few returned), then submitted, then drafts.
        const span = Math.max(1, Math.min(daysBetween(cohort.startDate, todayDate), daysBetween(cohort.startDate, cohort.end)));
        const categories = content.practice.categories.map((c) => c.key);
        const placement = organisation ?? ids.organisations[(s * 7) % ids.organisations.length];
        for (let j = 0; j < sizes.entriesPerStudent; j += 1) {
          const date = addDays(cohort.startDate, Math.floor((j * span) / sizes.entriesPerStudent));
          const dateMs = Date.parse(date);
          const state = j < 75 ? (j % 13 === 5 ? 'returned' : 'approved') : j < 90 ? 'submitted' : 'draft';
          const reflect = rand() < 0.3;
          insertEntry.run(
            enrolmentId,
            date,
            2 + Math.floor(rand() * 7),
            placement,
            categories[j % categories.length],
            pick(DESCRIPTIONS),
            reflect ? pick(REFLECTIONS) : null,
            reflect ? [pick(THEMES), pick(THEMES)].filter((t, i, a) => a.indexOf(t) === i).join(',') : '',
            reflect && rand() < 0.5 ? 1 : 0,
            state,
            state === 'returned' ? 'Skriv litt mer om hva du gjorde, uten å beskrive personen.' : null,
            state === 'draft' ? null : stamp(dateMs + DAY_MS + j * 60_000),
            state === 'approved' || state === 'returned' ? stamp(dateMs + 3 * DAY_MS) : null,
            state === 'approved' || state === 'returned' ? supervisor : null,
            stamp(dateMs + 3600_000),
            stamp(dateMs + 3600_000),
          );
        }
        counts.entries += sizes.entriesPerStudent;
      }
    })();
    if (process.stdout.isTTY) process.stdout.write(`\r  ${Math.min(first + batch, ids.students.length)}/${ids.students.length} students`);
  }
  if (process.stdout.isTTY) process.stdout.write('\n');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();

  // Who the bench signs in as: the first of each role, and the first employer with consenting trainees.
  const employerOrg = ids.organisations.find((id) => (consenting.get(id) ?? 0) > 0);
  const coordinatorCohort = cohorts.find((c) => c.coordinator === ids.coordinators[0] && c.programme.slug === 'mb-bergen') ?? cohorts[0];
  const info = {
    scale,
    file: out,
    password: PASSWORD,
    generatedAt: new Date().toISOString(),
    seconds: Math.round((Date.now() - started) / 100) / 10,
    sizes,
    counts: { users: userId, organisations: sizes.organisations, cohorts: cohorts.length, ...counts },
    accounts: {
      student: { email: 'student1@bench.test', id: ids.students[0] },
      supervisor: { email: 'supervisor1@bench.test', id: ids.supervisors[0] },
      employer: { email: `employer${employerOrg}@bench.test`, id: ids.employers[employerOrg - 1], consentingTrainees: consenting.get(employerOrg) ?? 0 },
      coordinator: { email: `coordinator1@bench.test`, id: ids.coordinators[0], cohortId: coordinatorCohort.id },
    },
  };
  fs.writeFileSync(`${out}.json`, JSON.stringify(info, null, 2));
  const size = fs.statSync(out).size;
  console.log(`Generated ${out} (${Math.round(size / 1e6)} MB) in ${info.seconds} s: ${JSON.stringify(info.counts)}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
