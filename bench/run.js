#!/usr/bin/env node
// `npm run bench`: builds a large installation, starts the real server on it and measures four pages under
// sign-in with autocannon; measures the same templates rendered by the same framework from in-memory data
// (the floor, bench/floor.js) in the same run;
// repeats at 1/100 of the size; prints a table and, for the full run, writes it into docs/performance.md.
//
//   npm run bench                          # scale 1 (10,000 students, 1,000,000 entries), compared with 0.01
//   npm run bench -- --scale 0.01          # quick: the small installation only, table printed, docs untouched
//   options: --duration 10 --warmup 2 --connections 20 --compare 0.01|none --skip-generate --doc FILE|none
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, execFileSync } = require('child_process');
const autocannon = require('autocannon');
const Database = require('better-sqlite3');
const { parseArgs, freePort, waitFor, signIn, request, memoryOf, load, table, fixed, productionStart, BENCH_MAIL } = require('./lib');
const { PAGES } = require('./capture');

const root = path.resolve(__dirname, '..');
const dataDir = path.join(__dirname, 'data');
// The server sits behind a TLS-terminating proxy in production (secure cookies): say so, as that proxy would.
const PROXY_HEADERS = { 'x-forwarded-proto': 'https' };
const REFERENCES = [
  { label: 'GET /health (JSON, no session)', path: '/health', signedIn: false },
  { label: 'GET /login (rendered page, no session)', path: '/login', signedIn: false },
  { label: 'GET /programmes (signed in, no data of its own)', path: '/programmes', signedIn: true },
];
const TARGETS = { floorShare: 0.55, p99Ms: 50, memoryMb: 300, sizeGrowth: 1.25 };
const WARM_UP_SECONDS = 6;
const SHARE_ROUNDS = 5;
const SHARE_SECONDS = 4;
// Node's heap settings and the memory allocator's setting of the production start (`npm run start:prod`), given to the server here too.
const { flags: SERVER_FLAGS, env: SERVER_ENV } = productionStart();

function log(message) {
  console.log(`[bench] ${message}`);
}

function node(args, env = {}) {
  execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
}

function start(args, env) {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  child.on('exit', (code) => {
    if (code && !child.stopping) console.error(`[bench] ${args.join(' ')} exited with ${code}\n${stderr}`);
  });
  return child;
}

function stop(child) {
  child.stopping = true;
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.on('exit', resolve);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/**
 * 25 requests one after another (after 5 unmeasured): median time alone, statements and SQL time per request.
 * For a page that keeps its content until what it shows changes, also the median of 9 requests each made
 * right after such a change (written from this process, as another server process would): a first view.
 */
async function sequential(url, headers, counter, change) {
  let bytes = 0;
  const times = [];
  for (let i = 0; i < 5; i += 1) await request(url, { headers });
  const before = await counter();
  for (let i = 0; i < 25; i += 1) {
    const start = process.hrtime.bigint();
    const res = await request(url, { headers });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    bytes = res.body.length;
  }
  const after = await counter();
  times.sort((a, b) => a - b);
  const changed = [];
  for (let i = 0; change && i < 9; i += 1) {
    change();
    const start = process.hrtime.bigint();
    await request(url, { headers });
    changed.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  changed.sort((a, b) => a - b);
  return { queries: Math.round((after.count - before.count) / 25), sqlMs: (after.ms - before.ms) / 25, aloneMs: times[12], changedMs: changed[4], bytes };
}

/** Measures one installation: each of the four pages on the server and then on the floor. */
async function measure(scale, args) {
  const file = path.join(dataDir, `bench-${scale}.sqlite`);
  if (!args.skipGenerate || !fs.existsSync(`${file}.json`)) {
    log(`generating the installation at scale ${scale}`);
    node([path.join(__dirname, 'generate.js'), '--scale', String(scale), '--out', file]);
  }
  const info = JSON.parse(fs.readFileSync(`${file}.json`, 'utf8'));
  const modelsFile = path.join(dataDir, `models-${scale}.json`);
  log('capturing the view models for the floor');
  node([path.join(__dirname, 'capture.js'), `${file}.json`, modelsFile]);
  const settings = { connections: args.connections, duration: args.duration, warmup: args.warmup };

  // The real server, exactly as production starts it (plus a statement counter on a side port), and the floor
  // beside it. Each page is measured on the server and then at once on the floor, so that both see the same
  // machine: on a shared machine the speed drifts over minutes, and the share of the floor is the target.
  const [port, counterPort, floorPort] = [await freePort(), await freePort(), await freePort()];
  const server = start([...SERVER_FLAGS, '-r', './bench/count-queries.js', 'dist/main.js'], {
    ...SERVER_ENV,
    ...BENCH_MAIL,
    NODE_ENV: 'production',
    // The pages are measured, not the sign-in: the bench's supervisors and coordinators have no authenticator app.
    REQUIRE_SECOND_FACTOR: 'off',
    SESSION_SECRET: 'bench-session-secret-at-least-32-characters',
    DATABASE_URL: `sqlite:${file}`,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    TRUST_PROXY: 'true',
    BENCH_COUNTER_PORT: String(counterPort),
  });
  const floor = start([path.join(__dirname, 'floor.js'), modelsFile], { PORT: String(floorPort) });
  const base = `http://127.0.0.1:${port}`;
  const results = {};
  // A second connection to the file, to change what a page shows the way another server process would.
  const writer = new Database(file);
  writer.pragma('busy_timeout = 5000');
  try {
    await waitFor(`${base}/health`, PROXY_HEADERS);
    const models = JSON.parse(fs.readFileSync(modelsFile, 'utf8'));
    await waitFor(`http://127.0.0.1:${floorPort}${models.home.path}`, {});
    const counter = async () => JSON.parse((await request(`http://127.0.0.1:${counterPort}/`)).body);
    // Both processes start cold: their code is compiled as it runs, and both need several seconds of load to
    // reach the speed they then keep. Each page is warmed on both first, so that no page is measured half cold.
    const signedIn = {};
    for (const page of PAGES) {
      signedIn[page.key] = await signIn(base, info.accounts[page.account].email, info.password, PROXY_HEADERS);
      const warm = { ...settings, duration: WARM_UP_SECONDS, warmup: 0 };
      log(`warming ${page.label} on the server and on the floor for ${WARM_UP_SECONDS} s each`);
      await load(autocannon, { url: `${base}${page.path(info)}`, headers: { ...PROXY_HEADERS, cookie: signedIn[page.key] }, ...warm });
      await load(autocannon, { url: `http://127.0.0.1:${floorPort}${models[page.key].path}`, headers: {}, ...warm });
    }
    for (const page of PAGES) {
      const cookie = signedIn[page.key];
      const url = `${base}${page.path(info)}`;
      const headers = { ...PROXY_HEADERS, cookie };
      // One request at a time first: statements and database time per request, and the time of a request alone.
      let change;
      if (page.change) {
        const [sql, param] = page.change(info);
        const statement = writer.prepare(sql);
        change = () => statement.run(param);
      }
      const probe = await sequential(url, headers, counter, change);
      log(`${page.label}: ${probe.queries} queries, ${fixed(probe.sqlMs, 2)} ms in SQL, ${fixed(probe.aloneMs, 1)} ms alone` +
        `${change ? `, ${fixed(probe.changedMs, 1)} ms after a change` : ''}, ${probe.bytes} bytes; loading for ${args.duration} s`);
      results[page.key] = { ...probe, server: await load(autocannon, { url, headers, ...settings, pid: server.pid }) };
      const floorUrl = `http://127.0.0.1:${floorPort}${models[page.key].path}`;
      results[page.key].floorBytes = (await request(floorUrl)).body.length;
      log(`floor ${page.label}: ${results[page.key].floorBytes} bytes; loading for ${args.duration} s`);
      results[page.key].floor = await load(autocannon, { url: floorUrl, headers: {}, ...settings, pid: floor.pid });
      if (page.key === 'home') {
        // The share of the floor is the target for this page. One run each moves by 10-20 % with the machine's
        // speed from minute to minute, so it is taken as the median of short runs, server and floor in turn.
        log(`share of the floor: ${SHARE_ROUNDS} rounds of ${SHARE_SECONDS} s on the server and then on the floor`);
        const round = { ...settings, duration: SHARE_SECONDS, warmup: 0 };
        results.home.shares = [];
        for (let i = 0; i < SHARE_ROUNDS; i += 1) {
          const onServer = await load(autocannon, { url, headers, ...round });
          const onFloor = await load(autocannon, { url: floorUrl, headers: {}, ...round });
          results.home.shares.push(onServer.rps / onFloor.rps);
        }
      }
    }
    // Reference requests on the same server, to show where a page's time goes: the framework alone, a rendered
    // page without a session, a signed-in page that needs no data of its own.
    const student = await signIn(base, info.accounts.student.email, info.password, PROXY_HEADERS);
    results.reference = [];
    for (const ref of REFERENCES) {
      const url = `${base}${ref.path}`;
      const headers = { ...PROXY_HEADERS, ...(ref.signedIn ? { cookie: student } : {}) };
      const probe = await sequential(url, headers, counter);
      log(`reference ${ref.label}: ${probe.queries} queries; loading for ${args.duration} s`);
      results.reference.push({ ...ref, ...probe, server: await load(autocannon, { url, headers, ...settings, pid: server.pid }) });
    }
    results.serverPeakMb = memoryOf(server.pid).hwm;
  } finally {
    writer.close();
    await Promise.all([stop(server), stop(floor)]);
  }

  // For reference: the home page's templates on bare Express, without Nest (what the framework itself costs).
  const expressPort = await freePort();
  const bare = start([path.join(__dirname, 'floor.js'), modelsFile, '--express'], { PORT: String(expressPort) });
  try {
    const url = `http://127.0.0.1:${expressPort}${PAGES[0].path(info)}`;
    await waitFor(url, {});
    log(`templates on Express alone, ${PAGES[0].label}; loading for ${args.duration} s`);
    results.expressFloor = await load(autocannon, { url, headers: {}, ...settings, pid: bare.pid });
  } finally {
    await stop(bare);
  }
  return { scale, info, results };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function summary(full, small) {
  const header = [
    'page',
    'queries',
    'SQL ms/req',
    'alone ms',
    'after a change ms',
    'rps',
    'p50 ms',
    'p99 ms',
    'peak RSS MB (floor)',
    'floor rps',
    'of floor',
    'targets met',
    'full/small: SQL ms, alone, p50, rps',
    'CPU ms/req (floor)',
    'cores: server/client/other',
  ];
  const rows = PAGES.map((page) => {
    const r = full.results[page.key];
    const s = r.server;
    const share = r.shares ? median(r.shares) : s.rps / r.floor.rps;
    const misses = [];
    if (page.key === 'home' && share < TARGETS.floorShare) misses.push(`floor share < ${Math.round(TARGETS.floorShare * 100)} %`);
    if (s.p99 > TARGETS.p99Ms) misses.push(`p99 > ${TARGETS.p99Ms} ms`);
    if (s.peakRssMb >= TARGETS.memoryMb) misses.push(`memory ≥ ${TARGETS.memoryMb} MB`);
    if (s.non2xx || s.errors) misses.push(`${s.non2xx} non-2xx, ${s.errors} errors`);
    const o = small?.results[page.key];
    const other = o?.server;
    // Whether a page's time grows with the installation, judged on what a shared machine disturbs least:
    // the database time per request and the time of a request alone (p50 and rps under load are shown too).
    const sqlGrowth = o ? r.sqlMs / Math.max(o.sqlMs, 0.05) : NaN;
    const aloneGrowth = o ? r.aloneMs / Math.max(o.aloneMs, 0.5) : NaN;
    if (o && sqlGrowth > TARGETS.sizeGrowth && r.sqlMs - o.sqlMs > 0.5) misses.push(`SQL time grows with size (× ${fixed(sqlGrowth, 2)})`);
    if (o && aloneGrowth > TARGETS.sizeGrowth) misses.push(`time alone grows with size (× ${fixed(aloneGrowth, 2)})`);
    return [
      page.label,
      r.queries,
      fixed(r.sqlMs, 2),
      fixed(r.aloneMs, 1),
      r.changedMs === undefined ? '–' : fixed(r.changedMs, 1),
      fixed(s.rps),
      fixed(s.p50),
      fixed(s.p99),
      `${fixed(s.peakRssMb)} (${fixed(r.floor.peakRssMb)})`,
      fixed(r.floor.rps),
      `${fixed(share * 100)} %`,
      misses.length ? `no: ${misses.join('; ')}` : 'yes',
      o ? `${fixed(sqlGrowth, 2)}, ${fixed(aloneGrowth, 2)}, ${fixed(s.p50 / Math.max(other.p50, 0.5), 2)}, ${fixed(s.rps / other.rps, 2)}` : '–',
      `${fixed(s.cpuMsPerRequest, 2)} (${fixed(r.floor.cpuMsPerRequest, 2)})`,
      `${fixed(s.cpu.server, 2)}/${fixed(s.cpu.client, 2)}/${fixed(s.cpu.other, 2)}`,
    ];
  });
  return table(header, rows);
}

function report(full, small, args, startedAt) {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const c = full.info.counts;
  const lines = [
    `Measured ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} cores (${cpu}, nproc ${os.availableParallelism?.() ?? os.cpus().length}), ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node.js ${process.version}, ${os.type()} ${os.release()}.`,
    '',
    `Command: \`npm run bench${args.argv.length ? ` -- ${args.argv.join(' ')}` : ''}\` (autocannon, ${args.connections} connections; every page first warmed for ${WARM_UP_SECONDS} s ` +
      `on the server and on the floor, then ${args.warmup} s warm-up and ${args.duration} s measured per page; client and server on the same machine).`,
    '',
    `Installation at scale ${full.scale}: ${c.users} accounts, ${c.cohorts} cohorts, ${c.enrolments} enrolments, ${c.entries} practice entries, ` +
      `${c.attendance} attendance records, ${c.lessons} lessons done, ${c.signoffs} module sign-offs, ${c.consents} consent rows` +
      (small ? `; compared with scale ${small.scale} (${small.info.counts.enrolments} enrolments, ${small.info.counts.entries} entries).` : '.'),
    '',
    summary(full, small),
    '',
    shareLine(full),
    `Server peak memory (VmHWM over start-up and all four runs): ${fixed(full.results.serverPeakMb)} MB` +
      (small ? `; at scale ${small.scale}: ${fixed(small.results.serverPeakMb)} MB.` : '.'),
    `Targets: student home ≥ ${Math.round(TARGETS.floorShare * 100)} % of the floor; p99 ≤ ${TARGETS.p99Ms} ms and peak RSS < ${TARGETS.memoryMb} MB on every page; ` +
      `at full size, SQL time per request and the time of a request alone at most ${TARGETS.sizeGrowth}× those at 1/100 of the size ` +
      '(SQL times that differ by less than 0.5 ms are not counted as growth: a few statements of 0.1–0.2 ms move by more than a quarter with the machine alone) ' +
      '(p50 and rps under load are shown beside them; on a shared machine they move with the other work). ' +
      '"queries" and "SQL ms/req" count the SQL statements of one request and the time spent in them, session and sign-in lookups included; ' +
      '"alone ms" is the median of 25 requests made one at a time; "after a change ms" the median of 9 made each right after a change to what ' +
      'the page shows (the employer view and the cohort table keep their content, and the queue its rows, until then; the student home page works everything out on every request). ' +
      '"cores" is the CPU the server, the load generator and all other processes on the machine used during the server\'s run (2 cores = all of this machine); ' +
      'a high "other" means the machine was shared and the figures are low. "CPU ms/req" is the server\'s (and the floor\'s) CPU time per request, ' +
      'the figure least disturbed by a shared machine.',
  ];
  const home = full.results.home;
  lines.push(
    '',
    'Where the time goes: reference requests on the same server in the same run (same load), beside the student home page and its floor.',
    '',
    table(
      ['request', 'queries', 'rps', 'p50 ms', 'p99 ms', 'CPU ms/req'],
      [
        ...full.results.reference.map((r) => [r.label, r.queries, fixed(r.server.rps), fixed(r.server.p50), fixed(r.server.p99), fixed(r.server.cpuMsPerRequest, 2)]),
        ['GET / (student home)', home.queries, fixed(home.server.rps), fixed(home.server.p50), fixed(home.server.p99), fixed(home.server.cpuMsPerRequest, 2)],
        ['floor: GET / from memory (Nest, same set-up)', 0, fixed(home.floor.rps), fixed(home.floor.p50), fixed(home.floor.p99), fixed(home.floor.cpuMsPerRequest, 2)],
        ...(full.results.expressFloor
          ? [['GET / from memory on Express alone (no Nest)', 0, ...[full.results.expressFloor].map((e) => [fixed(e.rps), fixed(e.p50), fixed(e.p99), fixed(e.cpuMsPerRequest, 2)]).flat()]]
          : []),
      ],
    ),
  );
  if (small) {
    lines.push('', `At scale ${small.scale}:`, '', summary(small, null), '', shareLine(small));
  }
  const bytes = PAGES.map((p) => `${p.label} ${full.results[p.key].bytes} / ${full.results[p.key].floorBytes}`).join(', ');
  lines.push('', `Response bytes, server / floor (the floor should render the same page): ${bytes}.`);
  return lines.join('\n');
}

/** The student home page's share of its floor, round by round: the figure its target is judged on. */
function shareLine(run) {
  const shares = run.results.home.shares;
  return (
    `"of floor" for the student home page is the median of ${shares.length} rounds of ${SHARE_SECONDS} s, server and floor in turn: ` +
    `${shares.map((share) => `${fixed(share * 100)} %`).join(', ')}. For the other pages it is the ratio of their single runs, for reference.`
  );
}

function writeDoc(file, text) {
  const start = '<!-- bench:start (written by `npm run bench`; edit outside these markers) -->';
  const end = '<!-- bench:end -->';
  const block = `${start}\n${text}\n${end}`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let doc = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `# Performance\n\n## Latest measurement\n\n${start}\n${end}\n`;
  const a = doc.indexOf('<!-- bench:start');
  const b = doc.indexOf(end);
  doc = a >= 0 && b > a ? doc.slice(0, a) + block + doc.slice(b + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, doc);
}

async function main() {
  const argv = process.argv.slice(2);
  const args = { ...parseArgs(argv), argv };
  if (!fs.existsSync(path.join(root, 'dist', 'main.js'))) throw new Error('dist/main.js is missing: run `nest build` first (npm run bench does)');
  fs.mkdirSync(dataDir, { recursive: true });
  const startedAt = new Date();
  const full = await measure(args.scale, args);
  const small = args.compare ? await measure(Math.round(args.scale * args.compare * 1e6) / 1e6, args) : null;
  const text = report(full, small, args, startedAt);
  console.log(`\n${text}\n`);
  fs.writeFileSync(path.join(dataDir, `results-${args.scale}.json`), JSON.stringify({ startedAt, args, full, small }, null, 2));
  const doc = args.doc ?? (args.scale === 1 ? path.join(root, 'docs', 'performance.md') : 'none');
  if (doc !== 'none') {
    writeDoc(path.resolve(doc), text);
    log(`wrote ${path.relative(root, path.resolve(doc))}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
