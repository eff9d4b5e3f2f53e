import type { Request } from 'express';
import type { SessionUser } from '../common/session-user';

declare module 'express-session' {
  interface SessionData {
    /** Where sign-out sends the browser instead of the sign-in page: the provider's own sign-out, for a single sign-on. */
    signOutRedirect?: string;
  }
}

/**
 * Signs the person in to this browser's session, whatever proved who they are (password, single sign-on):
 * passport gives the session a new id, and what the visitor's session held is kept, save its form token.
 */
export async function startSignedInSession(req: Request, user: SessionUser): Promise<void> {
  req.session.signedInAt = Date.now();
  req.session.userAgent = (req.get('user-agent') ?? '').slice(0, 300);
  delete req.session.csrfToken;
  delete req.session.signOutRedirect;
  await new Promise<void>((resolve, reject) => req.logIn(user, { session: true, keepSessionInfo: true }, (error) => (error ? reject(error) : resolve())));
}
