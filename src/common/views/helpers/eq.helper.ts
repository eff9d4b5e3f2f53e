/** {{#if (eq a b)}}: true when the two values are the same. */
export function eq(a: unknown, b: unknown): boolean {
  return a === b;
}
