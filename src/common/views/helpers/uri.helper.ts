/** {{uri next}}: the value made safe to put in an address's query, as in href="/login/sso?next={{uri next}}". */
export function uri(value: unknown): string {
  return encodeURIComponent(typeof value === 'string' || typeof value === 'number' ? String(value) : '');
}
