/** {{#if (or a b)}}: true when any of the values is truthy. */
export function or(...args: unknown[]): boolean {
  return args.slice(0, -1).some(Boolean);
}
