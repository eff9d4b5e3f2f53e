import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import { UsersService } from '../users/users.service';
import type { SessionUser } from '../common/session-user';

type Done<T> = (error: unknown, value?: T) => void;

/**
 * The session keeps only the person's id; each request loads the person again, so an account deactivated
 * or removed since is signed out at its next request.
 */
@Injectable()
export class SessionSerializer extends PassportSerializer implements OnApplicationShutdown {
  private stopped = false;

  constructor(private readonly users: UsersService) {
    super();
  }

  serializeUser(user: SessionUser, done: Done<number>): void {
    // Passport keeps its serialisers for the whole process: one of a server that has stopped lets the next one answer.
    if (this.stopped) return done('pass');
    done(null, user.id);
  }

  deserializeUser(id: number, done: Done<SessionUser | false>): void {
    if (this.stopped) return done('pass');
    this.users.sessionUser(id).then(
      (user) => done(null, user ?? false),
      (error) => done(error),
    );
  }

  onApplicationShutdown(): void {
    this.stopped = true;
  }
}
