/**
 * Remembers a function's answers for the inputs it has seen, up to `limit` of them; past that it starts
 * again from empty, so memory stays bounded whatever the input. For formatting that is costly to repeat and
 * whose inputs repeat a lot (a page writes the same few hundred dates and hour figures over and over).
 */
export function memoised<K, V>(compute: (key: K) => V, limit = 5000): (key: K) => V {
  let known = new Map<K, V>();
  return (key: K) => {
    let value = known.get(key);
    if (value === undefined && !known.has(key)) {
      value = compute(key);
      if (known.size >= limit) known = new Map();
      known.set(key, value);
    }
    return value as V;
  };
}
