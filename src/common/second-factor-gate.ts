import { Global, Injectable, Module, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { SessionUser } from './session-user';

declare module 'express-session' {
  interface SessionData {
    /** When the person signed in (see auth/session-lifetime.ts). */
    signedInAt?: number;
    /**
     * The sign-in whose second factor was given, or which needed none: its person and its sign-in time, so that
     * a new sign-in in the same browser, by password or any other way, starts without it.
     */
    secondFactor?: { userId: number; signedInAt: number | null };
  }
}

/** What a signed-in session still has to do before any other page: nothing, give a code, or enrol a factor. */
export type SecondFactorStep = 'none' | 'code' | 'enrol';

/** The feature that knows who has or needs a second factor answers this for the guard. */
export interface SecondFactorSource {
  stepFor(user: SessionUser): Promise<SecondFactorStep>;
}

/** Where a session that still owes its second factor is sent. */
export const SECOND_FACTOR_PATH = '/login/second-factor';

const BEFORE_SECOND_FACTOR = 'beforeSecondFactor';

/** Opens a signed-in route to a session that has not given its second factor yet: the step itself, and signing out. */
export const BeforeSecondFactor = () => SetMetadata(BEFORE_SECOND_FACTOR, true);
export { BEFORE_SECOND_FACTOR };

/** A signed-in session that must give or enrol its second factor first; pages send it there (ErrorFilter). */
export class SecondFactorPending extends Error {
  constructor() {
    super('Second factor required');
    this.name = 'SecondFactorPending';
  }
}

/**
 * Whether a signed-in session has passed its second factor. The state lives in the session, not in the way the
 * person signed in, so every sign-in (password, OpenID Connect) is held to it by the one global guard.
 */
@Injectable()
export class SecondFactorGate {
  private source?: SecondFactorSource;

  /** The second-factor feature registers itself when its module starts; without it no one owes a factor. */
  register(source: SecondFactorSource): void {
    this.source = source;
  }

  passed(req: Request, user: SessionUser): boolean {
    const state = req.session?.secondFactor;
    return state !== undefined && state.userId === user.id && state.signedInAt === (req.session.signedInAt ?? null);
  }

  markPassed(req: Request, user: SessionUser): void {
    req.session.secondFactor = { userId: user.id, signedInAt: req.session.signedInAt ?? null };
  }

  /** What the session must still do; a person who needs no factor is marked as passed, so that this is asked once. */
  async stepFor(req: Request, user: SessionUser): Promise<SecondFactorStep> {
    const step = this.source ? await this.source.stepFor(user) : 'none';
    if (step === 'none') this.markPassed(req, user);
    return step;
  }
}

@Global()
@Module({ providers: [SecondFactorGate], exports: [SecondFactorGate] })
export class SecondFactorGateModule {}
