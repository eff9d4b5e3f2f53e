import type { Request, Response } from 'express';
import { allowSignOutAtProvider } from './sso.module';

function response(policy: string | undefined) {
  const headers: Record<string, string> = policy ? { 'Content-Security-Policy': policy } : {};
  return {
    headers,
    getHeader: (name: string) => headers[name],
    setHeader: (name: string, value: string) => (headers[name] = value),
  };
}

const POLICY = "default-src 'self';form-action 'self';frame-ancestors 'none'";

describe("the pages' form-action policy", () => {
  it('lets the sign-out form of a session signed in through the provider go on to its sign-out address', () => {
    const res = response(POLICY);
    allowSignOutAtProvider({ session: { signOutRedirect: 'https://login.example.no/logout?id_token_hint=x' } } as unknown as Request, res as unknown as Response);
    expect(res.headers['Content-Security-Policy']).toBe("default-src 'self';form-action 'self' https://login.example.no;frame-ancestors 'none'");
  });

  it('leaves every other session to its own site', () => {
    const res = response(POLICY);
    allowSignOutAtProvider({ session: {} } as unknown as Request, res as unknown as Response);
    allowSignOutAtProvider({} as Request, res as unknown as Response);
    expect(res.headers['Content-Security-Policy']).toBe(POLICY);
  });
});
