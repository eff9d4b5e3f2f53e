// Preloaded into the server by the benchmark (`node -r ./bench/count-queries.js dist/main.js`): counts every
// SQL statement better-sqlite3 runs, and the time spent in them, and answers both as JSON on a side port
// (BENCH_COUNTER_PORT), so the bench can tell how many queries, and how much database time, one page costs.
// Costs a counter increment and two clock reads per statement.
// With BENCH_SQL_LOG=<file> it also appends each statement with its time in ms (for finding slow queries, not for load runs).
const fs = require('fs');
const http = require('http');
const Database = require('better-sqlite3');

let count = 0;
let nanos = 0n;
const logFile = process.env.BENCH_SQL_LOG;
const probe = new Database(':memory:');
const Statement = Object.getPrototypeOf(probe.prepare('SELECT 1'));
probe.close();
for (const method of ['run', 'get', 'all', 'iterate']) {
  const original = Statement[method];
  Statement[method] = logFile
    ? function logged(...args) {
        count += 1;
        const start = process.hrtime.bigint();
        try {
          return original.apply(this, args);
        } finally {
          const ms = Number(process.hrtime.bigint() - start) / 1e6;
          fs.appendFileSync(logFile, `${ms.toFixed(3)}\t${this.source.replace(/\s+/g, ' ')}\t${JSON.stringify(args)}\n`);
        }
      }
    : function counted(...args) {
        count += 1;
        const start = process.hrtime.bigint();
        try {
          return original.apply(this, args);
        } finally {
          nanos += process.hrtime.bigint() - start;
        }
      };
}
const originalExec = Database.prototype.exec;
Database.prototype.exec = function counted(...args) {
  count += 1;
  return originalExec.apply(this, args);
};

const port = Number(process.env.BENCH_COUNTER_PORT);
if (port) {
  const server = http.createServer((_req, res) => res.end(JSON.stringify({ count, ms: Number(nanos) / 1e6 })));
  server.listen(port, '127.0.0.1');
  server.unref();
}
