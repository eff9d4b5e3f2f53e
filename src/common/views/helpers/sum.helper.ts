/** {{sum a b}}: the numbers added up (missing values count as 0). */
export function sum(...args: unknown[]): number {
  return args.slice(0, -1).reduce<number>((total, value) => total + (Number(value) || 0), 0);
}
