import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { safeNext } from '../common/safe-next';
import { SignInRefused } from './sign-in.guard';

/** A refused sign-in gets the form again with the reason, the e-mail kept and never the password. */
@Catch(SignInRefused)
export class SignInRefusedFilter implements ExceptionFilter {
  catch(exception: SignInRefused, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const { refusal } = exception;
    const body = (req.body ?? {}) as { email?: unknown; next?: unknown };
    const [status, key, params] = refusal.reason === 'throttled' ? [429, 'login.throttled', { minutes: refusal.minutes }] : [401, 'login.invalid', {}];
    res.status(status).render('auth/login', {
      title: 'login.title',
      formError: { key, params },
      values: { email: typeof body.email === 'string' ? body.email.trim() : '', next: safeNext(typeof body.next === 'string' ? body.next : undefined, '') },
    });
  }
}
