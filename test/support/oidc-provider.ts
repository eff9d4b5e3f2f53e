import { spawn } from 'child_process';
import * as path from 'path';
import request from 'supertest';
import { formFor } from './forms';

export interface ProviderAccount {
  email?: string;
  email_verified?: boolean;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The OIDC_ settings for an app that signs in through this provider. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/**
 * A real OpenID provider (test/support/oidc-provider.mjs) in a process of its own on a free port, with one client
 * whose callback is under `publicUrl`, and the given people; their logins are their subjects.
 */
export async function startOidcProvider(publicUrl: string, accounts: Record<string, ProviderAccount>, name = 'Testleverandør'): Promise<TestProvider> {
  const clientId = 'brobygger-test';
  const clientSecret = 'a-client-secret-of-the-test-provider';
  const client = {
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [`${publicUrl}/login/sso/callback`],
    post_logout_redirect_uris: [`${publicUrl}/login?signedOut=1`],
  };
  const child = spawn(process.execPath, [path.join(__dirname, 'oidc-provider.mjs')], {
    env: { ...process.env, OIDC_TEST_CLIENT: JSON.stringify(client), OIDC_TEST_ACCOUNTS: JSON.stringify(accounts) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The OpenID provider did not start within 20 s: ${errors}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening (\S+)/.exec(chunk.toString());
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The OpenID provider ended with ${code} before it listened: ${errors}`));
    });
  });
  return {
    issuer,
    clientId,
    clientSecret,
    env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret, OIDC_NAME: name },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A browser at the provider: its own cookies, as a person's browser keeps them apart from the app's. */
export function providerBrowser(provider: TestProvider) {
  return request.agent(provider.issuer);
}

/** The path and query of an absolute address, for an agent bound to its host. */
export function pathOf(address: string): string {
  const url = new URL(address);
  return `${url.pathname}${url.search}`;
}

/**
 * Follows the provider's pages from its authorization address as a person would: sign in as `login` on its
 * sign-in page, agree on its consent page (asked only the first time), until it sends the browser elsewhere.
 * Answers that address: the app's callback with code and state, or the app's page after sign-out.
 */
export async function throughProvider(provider: TestProvider, at: ReturnType<typeof providerBrowser>, address: string, login?: string): Promise<string> {
  const origin = new URL(provider.issuer).origin;
  let location = address;
  for (let step = 0; step < 10; step++) {
    const url = new URL(location, origin);
    if (url.origin !== origin) return url.href;
    const res = await at.get(pathOf(url.href));
    if (res.status === 302 || res.status === 303) {
      location = res.headers.location;
      continue;
    }
    if (res.status !== 200) throw new Error(`The provider answered ${res.status} at ${url.pathname}: ${res.text.slice(0, 500)}`);
    const action = actionOf(res.text);
    const fields = { ...formFor(res.text, action).fields };
    if (fields.prompt === 'login') {
      if (!login) throw new Error('The provider asks who is signing in, and no login was given');
      Object.assign(fields, { login, password: 'any-password' });
    }
    // The sign-out page's "yes" button sits outside its form (form="op.logoutForm").
    if (res.text.includes('op.logoutForm')) fields.logout = 'yes';
    const submitted = await at.post(pathOf(new URL(action, url).href)).type('form').send(fields);
    if (submitted.status !== 302 && submitted.status !== 303) throw new Error(`The provider answered ${submitted.status} to its own form: ${submitted.text.slice(0, 500)}`);
    location = submitted.headers.location;
  }
  throw new Error('The provider did not send the browser on within ten steps');
}

function actionOf(html: string): string {
  const form = /<form\b[^>]*method="post"[^>]*>/i.exec(html)?.[0];
  const action = form && /\saction="([^"]+)"/i.exec(form)?.[1];
  if (!action) throw new Error(`No form on the provider's page: ${html.slice(0, 500)}`);
  return action;
}
