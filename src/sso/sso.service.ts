import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import { InvitationsService } from '../accounts/invitations.service';
import { AuditService } from '../audit/audit.service';
import { startSignedInSession } from '../auth/sign-in-session';
import { safeNext } from '../common/safe-next';
import type { SessionUser } from '../common/session-user';
import { Transactions } from '../database/transactions';
import { SignInLinks } from '../users/sign-in-links';
import type { User } from '../users/user.entity';
import { toSessionUser, UsersService } from '../users/users.service';
import { chooseAccount, ProviderIdentity, refusalMessage, refusalOf, SsoRefusal } from './matching';
import { Discovered, OpenIdProvider, ProviderUnavailable } from './openid-provider';

/** What a round trip to the provider is for. */
type Purpose = 'sign_in' | 'invitation' | 'link';

/** A round trip under way, kept in the server-side session only: what the provider's answer must match. */
interface PendingSso {
  purpose: Purpose;
  state: string;
  nonce: string;
  codeVerifier: string;
  startedAt: number;
  /** Where to go after signing in (already made safe). */
  next?: string;
  /** The invitation link being accepted. */
  invitation?: string;
  /** The signed-in person linking their account from the profile page. */
  userId?: number;
}

declare module 'express-session' {
  interface SessionData {
    ssoPending?: PendingSso;
  }
}

/** How a route answers: somewhere to go, or a page. */
export type SsoOutcome = { redirect: string } | { status: number; view: string; data: Record<string, unknown> };

/** A round trip not finished within this time is refused: start again. */
const PENDING_MS = 10 * 60_000;

const INVALID_INVITATION: SsoOutcome = { status: 404, view: 'accounts/invitation-invalid', data: { title: 'invitation.invalidTitle' } };

/**
 * Single sign-on through the OpenID provider (authorization code flow with PKCE, state and nonce): signing in,
 * accepting an invitation and linking an account from the profile page. Only people with an account get in.
 */
@Injectable()
export class SsoService {
  private readonly logger = new Logger('SingleSignOn');

  constructor(
    private readonly provider: OpenIdProvider,
    private readonly users: UsersService,
    private readonly links: SignInLinks,
    private readonly invitations: InvitationsService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  /** Every route answers "not found" while single sign-on is not set up. */
  private settings() {
    const settings = this.provider.settings;
    if (!settings) throw new NotFoundException();
    return settings;
  }

  async startSignIn(req: Request, next: unknown): Promise<SsoOutcome> {
    this.settings();
    if (req.user) return { redirect: safeNext(next) };
    const safe = safeNext(next, '') || undefined;
    return this.start(req, { purpose: 'sign_in', next: safe }, () => this.loginPage('unavailable', safe));
  }

  async startInvitation(req: Request, token: string): Promise<SsoOutcome> {
    this.settings();
    const found = await this.invitations.find(token);
    if (!found) return INVALID_INVITATION;
    return this.start(req, { purpose: 'invitation', invitation: token }, () => invitationPage(found.user, token, 'unavailable'));
  }

  async startLink(req: Request, user: SessionUser): Promise<SsoOutcome> {
    this.settings();
    return this.start(req, { purpose: 'link', userId: user.id }, () => this.toProfile(req, 'sso.flash.unavailable'));
  }

  async unlink(req: Request, user: SessionUser): Promise<SsoOutcome> {
    const { issuer } = this.settings();
    await this.transactions.run(async (manager) => {
      if (!(await this.links.unlink(user.id, issuer, manager))) return;
      await this.audit.record({ kind: 'sign_in_link_removed', actorId: user.id, subjectId: user.id, address: req.ip ?? null, detail: { method: 'oidc' } }, manager);
    });
    return this.toProfile(req, 'sso.flash.unlinked');
  }

  /** The provider sends the browser back here; the round trip is spent whatever its answer. */
  async callback(req: Request): Promise<SsoOutcome> {
    const { issuer } = this.settings();
    const pending = req.session.ssoPending;
    delete req.session.ssoPending;
    if (!pending || Date.now() - pending.startedAt > PENDING_MS) return this.refuse(req, pending, 'expired');
    let identity: ProviderIdentity & { endSession?: string };
    try {
      identity = await this.exchange(req, pending);
    } catch (error) {
      const refusal = refusalOf(error);
      this.logger.warn(`Single sign-on refused (${refusal}): ${String(error)}`);
      return this.refuse(req, pending, refusal);
    }
    if (pending.purpose === 'invitation') return this.acceptInvitation(req, pending, issuer, identity);
    if (pending.purpose === 'link') return this.link(req, pending, issuer, identity);

    const linked = await this.links.accountFor(issuer, identity.subject);
    const byEmail = !linked && identity.email ? await this.users.findByEmail(identity.email) : null;
    const chosen = chooseAccount(linked, identity, byEmail);
    if ('refusal' in chosen) return this.refuse(req, pending, chosen.refusal, byEmail?.id);
    return this.signIn(req, chosen.account, pending.next, identity.endSession);
  }

  private async start(req: Request, pending: Omit<PendingSso, 'state' | 'nonce' | 'codeVerifier' | 'startedAt'>, unavailable: () => SsoOutcome | Promise<SsoOutcome>): Promise<SsoOutcome> {
    let discovered: Discovered;
    try {
      discovered = await this.provider.discover();
    } catch (error) {
      if (error instanceof ProviderUnavailable) return unavailable();
      throw error;
    }
    const { openid, configuration } = discovered;
    const [state, nonce, codeVerifier] = [openid.randomState(), openid.randomNonce(), openid.randomPKCECodeVerifier()];
    req.session.ssoPending = { ...pending, state, nonce, codeVerifier, startedAt: Date.now() };
    const url = openid.buildAuthorizationUrl(configuration, {
      redirect_uri: this.provider.callbackUrl,
      scope: 'openid email',
      state,
      nonce,
      code_challenge: await openid.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { redirect: url.href };
  }

  /** Trades the code for tokens, checking state, PKCE, the ID token's signature, issuer, audience and nonce. */
  private async exchange(req: Request, pending: PendingSso): Promise<ProviderIdentity & { endSession?: string }> {
    const { openid, configuration } = await this.provider.discover();
    const current = new URL(this.provider.callbackUrl);
    current.search = new URL(req.originalUrl, 'http://callback.invalid').search;
    const tokens = await openid.authorizationCodeGrant(configuration, current, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    const endSession = configuration.serverMetadata().end_session_endpoint
      ? openid.buildEndSessionUrl(configuration, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: this.provider.postLogoutUrl }).href
      : undefined;
    return {
      subject: claims.sub,
      email: typeof claims.email === 'string' ? claims.email : undefined,
      emailVerified: claims.email_verified === true,
      endSession,
    };
  }

  /** Signs in as the password sign-in does; sign-out will end the provider's session too, where it can. */
  private async signIn(req: Request, account: User, next: string | undefined, endSession: string | undefined): Promise<SsoOutcome> {
    await startSignedInSession(req, toSessionUser(account));
    if (endSession) req.session.signOutRedirect = endSession;
    await this.users.recordSignIn(account.id);
    await this.audit.record({ kind: 'sign_in', actorId: account.id, subjectId: account.id, address: req.ip ?? null, detail: { method: 'oidc' } });
    return { redirect: safeNext(next) };
  }

  /** The invitation is spent and the account tied to the identity, together; then the person is signed in. */
  private async acceptInvitation(req: Request, pending: PendingSso, issuer: string, identity: ProviderIdentity & { endSession?: string }): Promise<SsoOutcome> {
    let taken = false;
    const account = await this.invitations.acceptThroughProvider(pending.invitation ?? '', async (manager, invitee) => {
      taken = (await this.links.link(invitee.id, issuer, identity.subject, manager)) === 'taken';
      if (taken) return false;
      const detail = { method: 'oidc', via: 'invitation' };
      await this.audit.record({ kind: 'sign_in_link_added', actorId: invitee.id, subjectId: invitee.id, address: req.ip ?? null, detail }, manager);
      return true;
    });
    if (taken) return this.refuse(req, pending, 'taken');
    if (!account) return INVALID_INVITATION;
    return this.signIn(req, account, undefined, identity.endSession);
  }

  /** Ties the signed-in person's account to the identity, if they are still the one who started. */
  private async link(req: Request, pending: PendingSso, issuer: string, identity: ProviderIdentity): Promise<SsoOutcome> {
    const user = req.user as SessionUser | undefined;
    if (!user || user.id !== pending.userId) return this.refuse(req, pending, 'not_signed_in');
    const outcome = await this.transactions.run(async (manager) => {
      const linked = await this.links.link(user.id, issuer, identity.subject, manager);
      if (linked === 'linked') {
        await this.audit.record({ kind: 'sign_in_link_added', actorId: user.id, subjectId: user.id, address: req.ip ?? null, detail: { method: 'oidc', via: 'profile' } }, manager);
      }
      return linked;
    });
    if (outcome === 'taken') return this.refuse(req, pending, 'taken');
    return this.toProfile(req, 'sso.flash.linked');
  }

  /** Recorded without personal data; answered on the page the round trip started from. */
  private async refuse(req: Request, pending: PendingSso | undefined, refusal: SsoRefusal, subjectId?: number): Promise<SsoOutcome> {
    const purpose = pending?.purpose ?? 'sign_in';
    const user = req.user as SessionUser | undefined;
    await this.audit.record({
      kind: 'sign_in_failed',
      actorId: user?.id ?? null,
      subjectId: subjectId ?? (purpose === 'link' ? (user?.id ?? null) : null),
      address: req.ip ?? null,
      detail: { method: 'oidc', purpose, reason: refusal },
    });
    if (purpose === 'link' && user) return this.toProfile(req, refusal === 'taken' ? 'sso.flash.taken' : 'sso.flash.failed');
    if (purpose === 'invitation' && pending?.invitation) {
      const found = await this.invitations.find(pending.invitation);
      return found ? invitationPage(found.user, pending.invitation, refusal) : INVALID_INVITATION;
    }
    return this.loginPage(refusal, pending?.next);
  }

  private loginPage(refusal: SsoRefusal, next?: string): SsoOutcome {
    const { key, status } = refusalMessage(refusal);
    return { status, view: 'auth/login', data: { title: 'login.title', values: { next: safeNext(next, '') }, ssoError: key } };
  }

  private toProfile(req: Request, key: string): SsoOutcome {
    req.session.flash = { key };
    return { redirect: '/profile' };
  }
}

/** The invitation page again, with why accepting through the provider did not work. */
function invitationPage(user: User, token: string, refusal: SsoRefusal): SsoOutcome {
  const { key, status } = refusalMessage(refusal);
  return { status, view: 'accounts/invitation', data: { title: 'invitation.title', name: user.name, email: user.email, token, ssoError: key } };
}
