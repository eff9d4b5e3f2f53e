import { loadConfig } from './config';

const OIDC = { OIDC_ISSUER: 'https://login.idporten.no', OIDC_CLIENT_ID: 'brobygger', OIDC_CLIENT_SECRET: 'a-client-secret', OIDC_NAME: 'ID-porten' };
const PRODUCTION = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'x'.repeat(32),
  PUBLIC_URL: 'https://brobygger.example.no',
  SMTP_URL: 'smtp://mail.example.no',
  MAIL_FROM: 'no-reply@example.no',
};

describe('single sign-on settings', () => {
  it('are off when none of the four is given', () => {
    expect(loadConfig({}).oidc).toBeUndefined();
  });

  it('take the issuer, the client and the name on the button', () => {
    expect(loadConfig({ ...OIDC, OIDC_NAME: ' Feide ' }).oidc).toEqual({ ...{ issuer: 'https://login.idporten.no', clientId: 'brobygger', clientSecret: 'a-client-secret' }, name: 'Feide' });
  });

  it('refuse some without the others, naming the missing ones', () => {
    expect(() => loadConfig({ OIDC_ISSUER: OIDC.OIDC_ISSUER, OIDC_NAME: 'Feide' })).toThrow(/all of OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_NAME or none of them; missing: OIDC_CLIENT_ID, OIDC_CLIENT_SECRET/);
  });

  it.each(['login.idporten.no', 'ftp://login.example.no', 'https://login.example.no/?x=1', 'https://login.example.no/#top', 'https://user@login.example.no'])('refuse OIDC_ISSUER=%s', (value) => {
    expect(() => loadConfig({ ...OIDC, OIDC_ISSUER: value })).toThrow(/OIDC_ISSUER must be the provider's https:\/\/ address/);
  });

  it('allow a plain http issuer outside production only', () => {
    expect(loadConfig({ ...OIDC, OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc?.issuer).toBe('http://127.0.0.1:4000');
    expect(() => loadConfig({ ...PRODUCTION, ...OIDC, OIDC_ISSUER: 'http://127.0.0.1:4000' })).toThrow(/OIDC_ISSUER must be/);
    expect(loadConfig({ ...PRODUCTION, ...OIDC }).oidc?.issuer).toBe('https://login.idporten.no');
  });

  it('refuse a name too long for the button', () => {
    expect(() => loadConfig({ ...OIDC, OIDC_NAME: 'x'.repeat(41) })).toThrow(/OIDC_NAME must be at most 40 characters/);
  });
});
