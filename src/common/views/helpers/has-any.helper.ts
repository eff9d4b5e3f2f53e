/**
 * {{#if (hasAny errors)}}: true for a value with something in it — a non-empty object,
 * list or string. Handlebars' own `if` counts an empty object as true, which would show
 * an empty error summary on a fresh form.
 */
export function hasAny(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value) || typeof value === 'string') return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}
