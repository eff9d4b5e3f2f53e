import type { Response } from 'express';

const KNOWN = new Set([400, 403, 404, 409, 413, 429, 500]);

/**
 * Renders an error page in the plain layout: no partials and no data lookups,
 * so the page cannot fail in turn. Falls back to plain text if even that fails.
 */
export function renderErrorPage(res: Response, status: number, kind?: string): void {
  const page = kind ?? (KNOWN.has(status) ? String(status) : status >= 500 ? '500' : '400');
  res.status(status);
  res.render('errors/error', { layout: 'plain', status, page, locale: res.locals.locale ?? 'nb' }, (error, html) => {
    if (error) {
      res.type('text/plain').send(`Error ${status}`);
      return;
    }
    res.type('html').send(html);
  });
}
