/** Why a single sign-on was refused; recorded in the audit log and answered with a message. */
export type SsoRefusal =
  | 'expired'
  | 'state'
  | 'nonce'
  | 'provider_error'
  | 'token'
  | 'unavailable'
  | 'no_account'
  | 'email_unverified'
  | 'taken'
  | 'not_signed_in';

/** What the provider's ID token says about the person, once its signature, state, nonce and PKCE were checked. */
export interface ProviderIdentity {
  subject: string;
  email?: string;
  emailVerified: boolean;
}

/**
 * The account a single sign-on signs in to: the one linked to the provider's subject, else the active account
 * with the e-mail address the provider has verified. Nobody gets an account by signing in alone. An address
 * the provider has not verified is refused whether or not an account has it, so the answer tells nothing.
 */
export function chooseAccount<A extends { active: boolean }>(
  linked: A | null,
  identity: ProviderIdentity,
  byEmail: A | null,
): { account: A } | { refusal: 'no_account' | 'email_unverified' } {
  if (linked?.active) return { account: linked };
  if (!identity.email) return { refusal: 'no_account' };
  if (!identity.emailVerified) return { refusal: 'email_unverified' };
  return byEmail?.active ? { account: byEmail } : { refusal: 'no_account' };
}

/**
 * The reason behind an error of the provider round trip, from the codes of openid-client (which wraps the
 * error of oauth4webapi, naming the state or the claim, as its cause); anything else is `token`.
 */
export function refusalOf(error: unknown): SsoRefusal {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  if (name === 'ProviderUnavailable') return 'unavailable';
  if (code === 'OAUTH_AUTHORIZATION_RESPONSE_ERROR') return 'provider_error';
  const chain = causes(error);
  if (code === 'OAUTH_INVALID_RESPONSE' && chain.some((e) => typeof e.message === 'string' && e.message.includes('"state"'))) return 'state';
  if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && chain.some((e) => e.claim === 'nonce')) return 'nonce';
  return 'token';
}

/** The error and its causes, a few deep. */
function causes(error: unknown): { message?: unknown; claim?: unknown }[] {
  const chain: { message?: unknown; claim?: unknown }[] = [];
  let current = error as { message?: unknown; claim?: unknown; cause?: unknown } | undefined;
  while (current && typeof current === 'object' && chain.length < 4) {
    chain.push(current);
    current = current.cause as typeof current;
  }
  return chain;
}

/** The message on the page for a refusal: only what the person can act on. */
export function refusalMessage(refusal: SsoRefusal): { key: string; status: number } {
  switch (refusal) {
    case 'no_account':
      return { key: 'sso.refused.noAccount', status: 401 };
    case 'email_unverified':
      return { key: 'sso.refused.emailUnverified', status: 401 };
    case 'unavailable':
      return { key: 'sso.refused.unavailable', status: 503 };
    case 'taken':
      return { key: 'sso.refused.taken', status: 409 };
    default:
      return { key: 'sso.refused.failed', status: 400 };
  }
}
