/** {{#if (and a b)}}: true when every value is truthy. */
export function and(...args: unknown[]): boolean {
  return args.slice(0, -1).every(Boolean);
}
