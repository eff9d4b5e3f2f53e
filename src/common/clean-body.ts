import type { NextFunction, Request, Response } from 'express';
import { renderErrorPage } from './error-page';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const HAS_LONE_SURROGATE = new RegExp(LONE_SURROGATE.source);

/**
 * Makes every text in a parsed body well formed, or says why it cannot be. Half of a character pair
 * (which no text can hold, and which breaks URI-encoding checks such as the email rule) becomes the
 * replacement character, as the database would store it anyway. A NUL character, which no form sends
 * and PostgreSQL cannot store, makes the request one we cannot handle.
 */
export function cleanText(value: unknown, depth = 0): { value: unknown; ok: boolean } {
  if (typeof value === 'string') return value.includes('\u0000') ? { value, ok: false } : { value: value.replace(LONE_SURROGATE, '\uFFFD'), ok: true };
  if (!value || typeof value !== 'object' || depth > 32 || Buffer.isBuffer(value)) return { value, ok: true };
  const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
  const target = value as Record<string | number, unknown>;
  for (const [key, inner] of entries) {
    if (typeof key === 'string' && (key.includes('\u0000') || HAS_LONE_SURROGATE.test(key))) return { value, ok: false };
    const cleaned = cleanText(inner, depth + 1);
    if (!cleaned.ok) return cleaned;
    target[key] = cleaned.value;
  }
  return { value, ok: true };
}

/** For every request with a body: well-formed text, or 400. */
export function cleanBody(req: Request, res: Response, next: NextFunction): void {
  const cleaned = cleanText(req.body);
  if (!cleaned.ok) return renderErrorPage(res, 400);
  req.body = cleaned.value;
  next();
}
