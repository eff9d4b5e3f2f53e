import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request } from 'express';
import type { Refusal } from './auth.service';
import { SignInDto } from './dto/sign-in.dto';
import { startSignedInSession } from './sign-in-session';
import type { SessionUser } from '../common/session-user';

/** A sign-in the accounts refused; the form comes back with the reason (see SignInRefusedFilter). */
export class SignInRefused extends Error {
  constructor(readonly refusal: Refusal) {
    super(`Sign-in refused: ${refusal.reason}`);
    this.name = 'SignInRefused';
  }
}

/**
 * POST /login through passport-local. A form that is not even well-formed is left to the validation, which
 * answers with a message beside each field; a refused one throws SignInRefused; an accepted one signs in
 * under a new session id (passport regenerates it), keeping what the visitor chose before, the language.
 */
@Injectable()
export class SignInGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const problems = await validate(plainToInstance(SignInDto, req.body ?? {}));
    if (problems.length > 0) return true;
    await super.canActivate(context);
    await this.logIn(req);
    return true;
  }

  override async logIn(request: object): Promise<void> {
    const req = request as unknown as Request;
    await startSignedInSession(req, req.user as SessionUser);
  }

  override handleRequest<TUser = SessionUser>(error: unknown, user: TUser | false, info: Refusal | undefined): TUser {
    if (error) throw error;
    if (!user) throw new SignInRefused(info ?? { reason: 'invalid' });
    return user;
  }
}
