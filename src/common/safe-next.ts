/**
 * Where to go after sign-in or a language switch: only a path on this site,
 * never another host ("//evil.example", "/\\evil.example", "https://…").
 */
export function safeNext(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length > 2000) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f]/.test(value)) return fallback;
  return value;
}
