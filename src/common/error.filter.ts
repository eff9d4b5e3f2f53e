import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SignInRequired } from './errors';
import { renderErrorPage } from './error-page';
import { FormRejected } from './form-view';
import { SECOND_FACTOR_PATH, SecondFactorPending } from './second-factor-gate';

/** Turns every error into a page (or JSON under /api): sign-in redirects, 404, 403 and a logged 500. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const req = context.getRequest<Request>();
    const res = context.getResponse<Response>();
    if (res.headersSent) return;
    const isApi = req.path.startsWith('/api/');

    if (exception instanceof SignInRequired) {
      if (isApi) {
        res.status(401).json({ statusCode: 401, message: 'Sign-in required' });
        return;
      }
      const next = req.method === 'GET' ? req.originalUrl : '/';
      res.redirect(303, `/login?next=${encodeURIComponent(next)}`);
      return;
    }

    if (exception instanceof SecondFactorPending) {
      if (isApi) {
        res.status(401).json({ statusCode: 401, message: 'Second factor required' });
        return;
      }
      const next = req.method === 'GET' ? req.originalUrl : '/';
      res.redirect(303, `${SECOND_FACTOR_PATH}?next=${encodeURIComponent(next)}`);
      return;
    }

    if (exception instanceof FormRejected) {
      res.status(400).render(exception.view, exception.data);
      return;
    }

    let status = 500;
    if (exception instanceof HttpException) {
      status = exception.getStatus();
    } else if (typeof exception === 'object' && exception && 'status' in exception && typeof exception.status === 'number') {
      // Errors from Express middleware (a body too large, a malformed body) carry their status.
      status = exception.status;
    }
    if (status >= 500) {
      this.logger.error(`${req.method} ${req.originalUrl}: ${exception instanceof Error ? exception.stack : String(exception)}`);
    }

    if (isApi) {
      const body = exception instanceof HttpException ? exception.getResponse() : { statusCode: status, message: 'Internal server error' };
      res.status(status).json(typeof body === 'string' ? { statusCode: status, message: body } : body);
      return;
    }
    renderErrorPage(res, status);
  }
}
