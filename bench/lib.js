// Small helpers shared by the benchmark scripts: arguments, sizes, sign-in, load runs and the summary table.
const fs = require('fs');
const net = require('net');
const http = require('http');

/** --scale 1 (default), --duration 10, --warmup 2, --connections 20, --compare 0.01|none, --skip-generate, --out FILE, --doc FILE|none. */
function parseArgs(argv) {
  const args = { scale: 1, duration: 10, warmup: 2, connections: 20, compare: undefined, skipGenerate: false, out: undefined, doc: undefined };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--scale':
        args.scale = positive(flag, value());
        break;
      case '--duration':
        args.duration = positive(flag, value());
        break;
      case '--warmup':
        args.warmup = Number(value());
        break;
      case '--connections':
        args.connections = Math.round(positive(flag, value()));
        break;
      case '--compare': {
        const v = value();
        args.compare = v === 'none' ? null : positive(flag, v);
        break;
      }
      case '--skip-generate':
        args.skipGenerate = true;
        break;
      case '--out':
        args.out = value();
        break;
      case '--doc':
        args.doc = value();
        break;
      default:
        throw new Error(`unknown argument ${argv[i]} (known: --scale, --duration, --warmup, --connections, --compare, --skip-generate, --out, --doc)`);
    }
  }
  // The full run also measures at 1/100 of its size; a quick run at another size measures only that size.
  if (args.compare === undefined) args.compare = args.scale === 1 ? 0.01 : null;
  return args;
}

function positive(flag, raw) {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} needs a positive number (got "${raw}")`);
  return n;
}

/**
 * The installation at a scale: 10,000 students in 500 cohorts at 1, 100 practice entries each. Per person
 * the data stay the same at every scale (20 students a cohort and a supervisor, ~40 trainees an organisation),
 * so only the size of the whole installation changes.
 */
function sizesFor(scale) {
  const students = Math.max(20, Math.round(10_000 * scale));
  const cohorts = Math.max(1, Math.round(students / 20));
  return {
    students,
    cohorts,
    supervisors: Math.max(1, Math.ceil(students / 20)),
    coordinators: Math.max(1, Math.ceil(cohorts / 10)),
    organisations: Math.max(1, Math.round(students / 50)),
    entriesPerStudent: 100,
  };
}

/** A small seeded generator, so every run builds the same installation. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** One HTTP request; resolves with status, headers and body. */
function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

async function waitFor(url, headers, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await request(url, { headers });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function cookiesFrom(headers, jar = new Map()) {
  for (const line of [].concat(headers['set-cookie'] ?? [])) {
    const [pair] = line.split(';');
    const eq = pair.indexOf('=');
    jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return jar;
}

const cookieHeader = (jar) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/** Signs in like a browser: the form for its CSRF token and cookie, then the form posted; returns the Cookie header. */
async function signIn(base, email, password, headers = {}) {
  const jar = new Map();
  const page = await request(`${base}/login`, { headers });
  cookiesFrom(page.headers, jar);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error('no CSRF token on /login');
  const body = new URLSearchParams({ _csrf: token, email, password, next: '' }).toString();
  const res = await request(`${base}/login`, {
    method: 'POST',
    body,
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), cookie: cookieHeader(jar) },
  });
  cookiesFrom(res.headers, jar);
  if (res.status !== 303 || /login/.test(res.headers.location ?? '')) throw new Error(`sign-in as ${email} failed (${res.status} ${res.headers.location ?? ''})`);
  return cookieHeader(jar);
}

/** The process's resident memory now and at its peak, in MB, from /proc. */
function memoryOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return { rss: NaN, hwm: NaN };
  }
}

/** CPU seconds used so far: by the whole machine (busy, all cores) and by one process. */
function cpuTimes(pid) {
  const ticks = 100; // USER_HZ on Linux
  try {
    const [, ...fields] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const busy = fields.reduce((a, b) => a + b, 0) - fields[3] - fields[4];
    const stat = pid ? fs.readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
    const own = stat ? stat.slice(stat.lastIndexOf(')') + 2).split(' ') : [];
    return { machine: busy / ticks, process: own.length ? (Number(own[11]) + Number(own[12])) / ticks : 0 };
  } catch {
    return { machine: NaN, process: NaN };
  }
}

/** Runs autocannon against one URL (after a warm-up of the same kind), sampling the server's memory meanwhile. */
async function load(autocannon, { url, headers, connections, duration, warmup, pid }) {
  const run = (seconds) =>
    new Promise((resolve, reject) => {
      autocannon({ url, headers, connections, duration: seconds }, (error, result) => (error ? reject(error) : resolve(result)));
    });
  if (warmup > 0) await run(warmup);
  let peak = 0;
  const timer = pid ? setInterval(() => (peak = Math.max(peak, memoryOf(pid).rss || 0)), 100) : undefined;
  const [cpu0, client0, t0] = [cpuTimes(pid), process.cpuUsage(), Date.now()];
  const result = await run(duration);
  const [cpu1, client1, t1] = [cpuTimes(pid), process.cpuUsage(), Date.now()];
  if (timer) clearInterval(timer);
  const seconds = (t1 - t0) / 1000;
  const serverCpu = (cpu1.process - cpu0.process) / seconds;
  const clientCpu = (client1.user + client1.system - client0.user - client0.system) / 1e6 / seconds;
  if (pid) peak = Math.max(peak, memoryOf(pid).rss || 0);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    bytesPerRequest: result.requests.total ? result.throughput.total / result.requests.total : 0,
    peakRssMb: peak,
    // Cores busy on average: the server, the load generator (this process), and everything else on the machine.
    cpu: { server: serverCpu, client: clientCpu, other: Math.max(0, (cpu1.machine - cpu0.machine) / seconds - serverCpu - clientCpu) },
    // The server's CPU time per request: less sensitive than rps to other work on a shared machine.
    cpuMsPerRequest: result.requests.total ? ((cpu1.process - cpu0.process) * 1000) / result.requests.total : NaN,
  };
}

/** A plain text table (Markdown pipe syntax, so it reads the same in a terminal and in docs/). */
function table(header, rows) {
  const cells = [header, ...rows].map((r) => r.map((c) => String(c ?? '')));
  const widths = header.map((_, i) => Math.max(3, ...cells.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(cells[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

const fixed = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

/** How `npm run start:prod` starts the server: Node's flags, and the environment it sets (the allocator's arenas). */
/** Production needs an SMTP server; the bench sends no mail, so one that is never reached, looked at once an hour. */
const BENCH_MAIL = { SMTP_URL: 'smtp://127.0.0.1:9', MAIL_FROM: 'Brobygger bench <bench@localhost>', MAIL_POLL_SECONDS: '3600' };

function productionStart() {
  const words = require('../package.json').scripts['start:prod'].split(/\s+/);
  return {
    flags: words.filter((word) => word.startsWith('--')),
    env: Object.fromEntries(words.filter((word) => /^[A-Z_]+=/.test(word)).map((word) => word.split('=', 2))),
  };
}

module.exports = { parseArgs, sizesFor, mulberry32, freePort, request, waitFor, signIn, memoryOf, cpuTimes, load, table, fixed, productionStart, BENCH_MAIL };
