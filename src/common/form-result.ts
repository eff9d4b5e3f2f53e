import type { Response } from 'express';

/** A message key for a field, with values for its placeholders when it has any. */
export type FieldError = string | { key: string; params: Record<string, unknown> };

/** What a form's handling ends in: somewhere to go next, or the form again with what was wrong. */
export type FormResult = { redirect: string } | { status: number; data: Record<string, unknown> };

/** The controller names the page to show again (`view`); the service only says what it holds. */
export function sendFormResult(res: Response, view: string, result: FormResult): void {
  if ('redirect' in result) return res.redirect(303, result.redirect);
  res.status(result.status).render(view, result.data);
}

/** Collects field errors while a service checks a form. */
export class FieldErrors {
  readonly errors: Record<string, FieldError> = {};

  add(field: string, key: string, params?: Record<string, unknown>): void {
    if (!(field in this.errors)) this.errors[field] = params ? { key, params } : key;
  }

  get any(): boolean {
    return Object.keys(this.errors).length > 0;
  }
}
