#!/usr/bin/env node
// Runs the database-backed tests (end to end, with the real migrations) a second time against
// PostgreSQL when TEST_DATABASE_URL is set; says plainly that it skipped them when it is not.
const { spawnSync } = require('child_process');

const url = process.env.TEST_DATABASE_URL;
if (!url) {
  console.log('PostgreSQL: TEST_DATABASE_URL is not set, so the database tests ran on SQLite only (skipped the PostgreSQL run).');
  process.exit(0);
}
if (!/^postgres(ql)?:\/\//.test(url)) {
  console.error(`PostgreSQL: TEST_DATABASE_URL must be a postgres:// URL (got "${url}").`);
  process.exit(1);
}
console.log(`PostgreSQL: running the database tests again against ${url.replace(/\/\/[^@/]*@/, '//***@')}`);
const jest = require.resolve('jest/bin/jest');
const result = spawnSync(process.execPath, [jest, '--selectProjects', 'e2e', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, BROBYGGER_TEST_POSTGRES_URL: url },
});
process.exit(result.status ?? 1);
