/**
 * The whole server as a separate operating-system process, for tests of several processes serving one
 * installation: started by `serverProcess()` below with the database and settings of the test, it says
 * "ready" on standard output once it serves. Run as `node -r ./test/support/register-ts.js <this file>`.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import type { DatabaseConfig } from '../../src/config/config';

const DATABASE = 'BROBYGGER_TEST_DATABASE';
const POLL_MS = 'BROBYGGER_TEST_MAIL_POLL_MS';

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  /** Ends the process as `kill -9` would: no shutdown, nothing finished. */
  kill(): Promise<void>;
  /** Stops the server the way an operator does (SIGTERM), letting it finish what it is doing. */
  stop(): Promise<void>;
}

/** Starts a server process on `database` with the given environment; resolves once it serves. */
export async function serverProcess(database: DatabaseConfig, env: NodeJS.ProcessEnv, options: { mailPollMs?: number } = {}): Promise<ServerProcess> {
  const root = path.resolve(__dirname, '..', '..');
  const child = spawn(process.execPath, ['-r', './test/support/register-ts.js', 'test/support/server-process.ts'], {
    cwd: root,
    env: { ...process.env, ...env, [DATABASE]: JSON.stringify(database), [POLL_MS]: String(options.mailPollMs ?? '') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server process did not start within 60 s: ${errors}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server process ended with ${code} before it served: ${errors}`));
    });
  });
  return {
    child,
    pid: child.pid!,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function main(): Promise<void> {
  const { createApp } = await import('../../src/app');
  const { loadConfig } = await import('../../src/config/config');
  const config = { ...loadConfig(process.env), database: JSON.parse(process.env[DATABASE]!) as DatabaseConfig, demo: false };
  if (process.env[POLL_MS]) config.mailPollMs = Number(process.env[POLL_MS]);
  const { app } = await createApp(config, { logger: ['error'] });
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  process.stdout.write('ready\n');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
