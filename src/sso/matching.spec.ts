import { chooseAccount, refusalMessage, refusalOf } from './matching';

const alice = { id: 1, active: true };
const bob = { id: 2, active: true };
const gone = { id: 3, active: false };

describe('choosing the account for a single sign-on', () => {
  it('takes the account linked to the subject first, whatever the e-mail says', () => {
    expect(chooseAccount(alice, { subject: 's', email: 'bob@example.test', emailVerified: true }, bob)).toEqual({ account: alice });
    expect(chooseAccount(alice, { subject: 's', emailVerified: false }, null)).toEqual({ account: alice });
  });

  it('takes the account with the verified e-mail address when no link exists', () => {
    expect(chooseAccount(null, { subject: 's', email: 'bob@example.test', emailVerified: true }, bob)).toEqual({ account: bob });
  });

  it('refuses an address the provider has not verified, whether or not an account has it', () => {
    expect(chooseAccount(null, { subject: 's', email: 'bob@example.test', emailVerified: false }, bob)).toEqual({ refusal: 'email_unverified' });
    expect(chooseAccount(null, { subject: 's', email: 'nobody@example.test', emailVerified: false }, null)).toEqual({ refusal: 'email_unverified' });
  });

  it('makes no account: an unknown person, a deactivated one or one without an address is refused', () => {
    expect(chooseAccount(null, { subject: 's', email: 'nobody@example.test', emailVerified: true }, null)).toEqual({ refusal: 'no_account' });
    expect(chooseAccount(null, { subject: 's', email: 'gone@example.test', emailVerified: true }, gone)).toEqual({ refusal: 'no_account' });
    expect(chooseAccount(gone, { subject: 's', email: 'gone@example.test', emailVerified: true }, gone)).toEqual({ refusal: 'no_account' });
    expect(chooseAccount(null, { subject: 's', emailVerified: true }, null)).toEqual({ refusal: 'no_account' });
  });
});

describe('the reason behind a failed round trip', () => {
  const error = (code: string, message: string, cause?: object) => Object.assign(new Error(message), { code, cause });

  it('names a state or nonce that does not match as openid-client reports them, wrapping the cause', () => {
    const state = error('OAUTH_INVALID_RESPONSE', 'invalid response encountered', error('OAUTH_INVALID_RESPONSE', 'unexpected "state" response parameter value'));
    const nonce = error('OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'unexpected JWT claim value encountered', Object.assign(new Error('unexpected ID Token "nonce" claim value'), { cause: { claim: 'nonce' } }));
    expect(refusalOf(state)).toBe('state');
    expect(refusalOf(nonce)).toBe('nonce');
  });

  it('names a state or nonce that does not match, and an error the provider sent back', () => {
    expect(refusalOf(error('OAUTH_INVALID_RESPONSE', 'unexpected "state" response parameter value'))).toBe('state');
    expect(refusalOf(error('OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'unexpected ID Token "nonce" claim value', { claim: 'nonce' }))).toBe('nonce');
    expect(refusalOf(error('OAUTH_AUTHORIZATION_RESPONSE_ERROR', 'access_denied'))).toBe('provider_error');
  });

  it('counts every other failure as a token that was not accepted', () => {
    expect(refusalOf(error('OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'unexpected JWT "aud" (audience) claim value', { claim: 'aud' }))).toBe('token');
    expect(refusalOf(new TypeError('fetch failed'))).toBe('token');
    expect(refusalOf(undefined)).toBe('token');
  });

  it('answers a person without an account as a wrong password is answered, and a provider that is down as unavailable', () => {
    expect(refusalMessage('no_account')).toEqual({ key: 'sso.refused.noAccount', status: 401 });
    expect(refusalMessage('unavailable').status).toBe(503);
    expect(refusalMessage('nonce')).toEqual({ key: 'sso.refused.failed', status: 400 });
  });
});
