#!/usr/bin/env node
// Resident memory of the server as it serves the four benchmarked pages one after the other (autocannon,
// 20 connections, 8 s each), started as `npm run start:prod` starts it, on a file made by bench/generate.js:
//
//   node bench/memory.js [--scale 1] [--seconds 8] [--env NAME=VALUE ...]
//
// `--env MALLOC_ARENA_MAX=` (empty: glibc's default) compares without the allocator setting of start:prod.
// Prints, after each page, the resident memory and its peak so far (VmRSS, VmHWM) in MB.
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const autocannon = require('autocannon');
const { freePort, waitFor, signIn, memoryOf, productionStart, BENCH_MAIL } = require('./lib');
const { PAGES } = require('./capture');

const root = path.resolve(__dirname, '..');
const PROXY_HEADERS = { 'x-forwarded-proto': 'https' };

function options(argv) {
  const result = { scale: '1', seconds: 8, env: {} };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--scale') result.scale = argv[++i];
    else if (argv[i] === '--seconds') result.seconds = Number(argv[++i]);
    else if (argv[i] === '--env') {
      const [name, value] = argv[++i].split('=', 2);
      result.env[name] = value ?? '';
    } else throw new Error(`unknown argument ${argv[i]} (known: --scale, --seconds, --env)`);
  }
  return result;
}

/** Resident memory now and at its peak so far, in whole MB. */
function memory(pid) {
  const { rss, hwm } = memoryOf(pid);
  return { rss: Math.round(rss), peak: Math.round(hwm) };
}

async function main() {
  const args = options(process.argv.slice(2));
  const info = JSON.parse(fs.readFileSync(path.join(__dirname, 'data', `bench-${args.scale}.sqlite.json`), 'utf8'));
  const port = await freePort();
  const start = productionStart();
  const env = { ...start.env, ...args.env };
  const flags = start.flags;
  const server = spawn(process.execPath, [...flags, 'dist/main.js'], {
    cwd: root,
    env: { ...process.env, ...env, ...BENCH_MAIL, NODE_ENV: 'production', SESSION_SECRET: 'bench-session-secret-at-least-32-characters', DATABASE_URL: `sqlite:${info.file}`, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, TRUST_PROXY: 'true' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${base}/health`, PROXY_HEADERS);
    console.log(`server: ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')} node ${flags.join(' ')}`);
    console.log(`started: ${JSON.stringify(memory(server.pid))}`);
    for (const page of PAGES) {
      const cookie = await signIn(base, info.accounts[page.account].email, info.password, PROXY_HEADERS);
      const url = base + page.path(info);
      await new Promise((resolve, reject) =>
        autocannon({ url, connections: 20, duration: args.seconds, headers: { ...PROXY_HEADERS, cookie } }, (error, result) => (error ? reject(error) : resolve(result))),
      );
      console.log(`after ${page.label}: ${JSON.stringify(memory(server.pid))}`);
    }
  } finally {
    server.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
