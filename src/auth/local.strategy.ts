import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import passport from 'passport';
import { Strategy } from 'passport-local';
import { AuthService, Refusal } from './auth.service';
import type { SessionUser } from '../common/session-user';

/**
 * Passport keeps one 'local' strategy for the whole process. Where several servers run in one (the command
 * line beside a server, the tests), the last one started that still runs is the one that answers.
 */
const running: LocalStrategy[] = [];

/** Sign-in with e-mail and password (passport-local); the rules, throttling among them, are AuthService's. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') implements OnApplicationShutdown {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
    running.push(this);
  }

  async validate(req: Request, email: string, password: string): Promise<SessionUser | [false, Refusal]> {
    const result = await this.auth.checkCredentials(email, password, req.ip);
    return 'user' in result ? result.user : [false, result.refusal];
  }

  onApplicationShutdown(): void {
    running.splice(running.indexOf(this), 1);
    const current = running.at(-1);
    if (current) passport.use('local', current);
    else passport.unuse('local');
  }
}
