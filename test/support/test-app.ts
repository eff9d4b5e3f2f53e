import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { randomBytes } from 'crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app';
import { AppConfig, DatabaseConfig, loadConfig } from '../../src/config/config';
import { UsersService } from '../../src/users/users.service';
import type { Role } from '../../src/common/roles';

export const DEMO_PASSWORD = 'demo-password-1';
export const PASSWORD = 'a-long-test-password';

/** PostgreSQL when the test command was asked to run against it, otherwise a fresh SQLite file. */
export const postgresUrl = process.env.BROBYGGER_TEST_POSTGRES_URL;

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  dataSource: DataSource;
  http: ReturnType<NestExpressApplication['getHttpServer']>;
  users: UsersService;
  close(): Promise<void>;
}

/** A database of its own for one test file: a temporary SQLite file, or a fresh PostgreSQL schema. */
export async function testDatabase(): Promise<{ database: DatabaseConfig; drop(): Promise<void> }> {
  if (postgresUrl) {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const client = new Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    return {
      database: { type: 'postgres', url: postgresUrl, schema },
      drop: async () => {
        const c = new Client({ connectionString: postgresUrl });
        await c.connect();
        await c.query(`DROP SCHEMA ${schema} CASCADE`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brobygger-test-'));
  return {
    database: { type: 'sqlite', path: path.join(dir, 'test.sqlite') },
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** The whole application, as `npm start` builds it, on a database of its own. */
export async function startTestApp(options: { demo?: boolean; curriculaDir?: string; env?: NodeJS.ProcessEnv } = {}): Promise<TestApp> {
  const { database, drop } = await testDatabase();
  const config: AppConfig = {
    ...loadConfig({ NODE_ENV: 'test', DEMO_PASSWORD, ...options.env }),
    database,
    demo: options.demo ?? false,
  };
  if (options.curriculaDir) config.curriculaDir = options.curriculaDir;
  let app: NestExpressApplication;
  try {
    ({ app } = await createApp(config, { logger: false }));
  } catch (error) {
    await drop();
    throw error;
  }
  return {
    app,
    config,
    dataSource: app.get(DataSource),
    http: app.getHttpServer(),
    users: app.get(UsersService),
    close: async () => {
      await app.close();
      await drop();
    },
  };
}

let counter = 0;

/** A person with the given roles and a known password. */
export async function makeUser(t: TestApp, roles: Role[], fields: { name?: string; email?: string; organisationId?: number; locale?: string } = {}) {
  counter += 1;
  return t.users.create({
    email: fields.email ?? `person${counter}.${randomBytes(3).toString('hex')}@example.test`,
    name: fields.name ?? `Person ${counter}`,
    roles,
    password: PASSWORD,
    organisationId: fields.organisationId,
    locale: fields.locale,
  });
}

/** The CSRF token from a page's form. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('No CSRF token on the page');
  return match[1];
}

/** A browser-like agent that keeps cookies; `signIn` goes through the real sign-in form. */
export function browser(t: TestApp) {
  const agent = request.agent(t.http);
  return Object.assign(agent, {
    async token(pagePath = '/login'): Promise<string> {
      const page = await agent.get(pagePath);
      return csrfFrom(page.text);
    },
    async signIn(email: string, password = PASSWORD, next?: string) {
      const token = csrfFrom((await agent.get('/login')).text);
      const res = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: token, email, password, ...(next ? { next } : {}) });
      if (res.status !== 303) throw new Error(`Sign-in as ${email} failed with ${res.status}`);
      return res;
    },
  });
}

/** The session cookie's value from a response, if it set one. */
export function sessionCookie(res: request.Response): string | undefined {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return cookies.find((c) => c.startsWith('brobygger.sid='));
}

/** The visible text of a page's main landmark, tags stripped and white space folded. */
export function mainText(html: string): string {
  const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? html;
  return main.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
}

/** An agent signed in as this person through the real sign-in form. */
export async function signedIn(t: TestApp, user: { email: string }, password = PASSWORD) {
  const agent = browser(t);
  await agent.signIn(user.email, password);
  return agent;
}
