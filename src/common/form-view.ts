import { BadRequestException, CallHandler, ExecutionContext, Injectable, NestInterceptor, NotFoundException, SetMetadata, Type, ValidationError } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import type { Request } from 'express';
import { catchError, Observable, throwError } from 'rxjs';
import { hasMessage } from '../i18n/i18n';
import { FormInvalid } from './errors';
import { isRowNumber, MALFORMED } from './form-fields';
import type { SessionUser } from './session-user';

const FORM_VIEW = 'formView';

/** A rejected form, for the service that builds its page again. */
export interface RejectedForm {
  /** The signed-in person. */
  user: SessionUser;
  /** The id in the address (/cohorts/:id) by its name; one that cannot be a row's id names nothing, so the page is not found. */
  rowId(name: string): number;
  /** What was typed, shaped by the form's class as the handler would have been given it (lists as lists), though it broke a rule. */
  values<T extends object>(form: Type<T>): T;
  /** One message key per field. */
  errors: Record<string, string>;
}

/** Builds the whole page of a form again, from the service that builds it for the first showing. */
export type FormPage<S> = (service: S, form: RejectedForm) => Promise<Record<string, unknown>>;

interface FormViewOptions {
  view: string;
  data: Record<string, unknown>;
  page?: { service: Type<unknown>; build: FormPage<unknown> };
}

/**
 * The page to show again, with messages beside the fields and what was typed, when this route's form
 * input breaks a rule of its class. A page that shows more than its fields (the record it edits, the
 * people to choose from) names the service and method that build it, so nothing on it is lost.
 */
export function FormView(view: string, data?: Record<string, unknown>): MethodDecorator;
export function FormView<S>(view: string, service: Type<S>, page: FormPage<S>): MethodDecorator;
export function FormView<S>(view: string, dataOrService: Record<string, unknown> | Type<S> = {}, page?: FormPage<S>): MethodDecorator {
  const options: FormViewOptions =
    typeof dataOrService === 'function' && page
      ? { view, data: {}, page: { service: dataOrService, build: page as FormPage<unknown> } }
      : { view, data: dataOrService as Record<string, unknown> };
  return SetMetadata(FORM_VIEW, options);
}

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
  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (!(error instanceof FormInvalid)) return throwError(() => error);
        const req = context.switchToHttp().getRequest<Request>();
        const form = this.reflector.get<FormViewOptions | undefined>(FORM_VIEW, context.getHandler());
        if (!form || req.path.startsWith('/api/')) {
          return throwError(() => new BadRequestException({ statusCode: 400, message: 'Validation failed', errors: error.fieldErrors }));
        }
        const values = keptValues(req.body);
        if (!form.page) return throwError(() => new FormRejected(form.view, { ...form.data, errors: error.fieldErrors, values }));
        return this.pageAgain(form.view, form.page, req, values, error.fieldErrors);
      }),
    );
  }

  /** The whole page from its service; an error there (a record this person may not see) is answered instead. */
  private async pageAgain(view: string, page: NonNullable<FormViewOptions['page']>, req: Request, values: Record<string, string | string[]>, errors: Record<string, string>): Promise<never> {
    const rejected: RejectedForm = {
      user: req.user as SessionUser,
      rowId: (name) => {
        const value = req.params[name];
        if (!isRowNumber(value)) throw new NotFoundException();
        return Number(value);
      },
      values: (form) => plainToInstance(form, values),
      errors,
    };
    const data = await page.build(this.moduleRef.get(page.service, { strict: false }), rejected);
    throw new FormRejected(view, { values, ...data, errors });
  }
}
