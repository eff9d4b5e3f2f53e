import { BadRequestException, CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, ValidationError } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { catchError, Observable, throwError } from 'rxjs';
import { hasMessage } from '../i18n/i18n';
import { FormInvalid } from './errors';
import { MALFORMED } from './form-fields';

const FORM_VIEW = 'formView';

interface FormViewOptions {
  view: string;
  data: Record<string, unknown>;
}

/** The page to show again, with messages beside the fields, when this route's form input breaks a rule. */
export const FormView = (view: string, data: Record<string, unknown> = {}) => SetMetadata(FORM_VIEW, { view, data });

/** A form to show again: thrown here, rendered by the error filter (the handler never ran). */
export class FormRejected extends Error {
  constructor(
    readonly view: string,
    readonly data: Record<string, unknown>,
  ) {
    super('Form rejected');
    this.name = 'FormRejected';
  }
}

/**
 * For the global ValidationPipe: one message key per field, the first rule broken. A rule without a
 * message of ours (a list where one value belongs, say) was broken by input no page of ours sends.
 */
export function toFormInvalid(errors: ValidationError[]): FormInvalid {
  const fieldErrors: Record<string, string> = {};
  for (const error of errors) {
    const first = Object.values(error.constraints ?? {})[0];
    fieldErrors[error.property] = first && hasMessage(first) ? first : MALFORMED;
  }
  return new FormInvalid(fieldErrors);
}

/**
 * What the person typed, to put back into the form; never a password or the CSRF token. Only text and
 * lists of text: a form sends nothing else, and an object (a JSON body) could break the page it is put into.
 */
export function keptValues(body: unknown): Record<string, string | string[]> {
  if (!body || typeof body !== 'object') return {};
  const isText = (value: unknown): value is string | string[] => typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
  return Object.fromEntries(Object.entries(body).filter(([key, value]) => key !== '_csrf' && !/password/i.test(key) && isText(value)));
}

@Injectable()
export class FormErrorsInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (!(error instanceof FormInvalid)) return throwError(() => error);
        const req = context.switchToHttp().getRequest<Request>();
        const form = this.reflector.get<FormViewOptions | undefined>(FORM_VIEW, context.getHandler());
        if (!form || req.path.startsWith('/api/')) {
          return throwError(() => new BadRequestException({ statusCode: 400, message: 'Validation failed', errors: error.fieldErrors }));
        }
        return throwError(() => new FormRejected(form.view, { ...form.data, errors: error.fieldErrors, values: keptValues(req.body) }));
      }),
    );
  }
}
