/**
 * An in-memory store for Keyv (and so for cache-manager) that holds at most `maxEntries` entries weighing at
 * most `maxWeight` together, letting the least recently used go first. Keyv's own memory store is a plain
 * Map without bound; the kept page contents vary in size from a few hundred characters to a hundred thousand,
 * so the bound is on their weight (characters), not only their number.
 */
export class BoundedStore<V = unknown> {
  /** Set by Keyv; the keys it passes already carry it. */
  namespace?: string;
  private readonly entries = new Map<string, { value: V; weight: number }>();
  private total = 0;

  constructor(
    private readonly limits: { maxEntries: number; maxWeight: number },
    private readonly weigh: (value: V) => number,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Map keeps insertion order: taking the entry out and in again makes it the most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V): boolean {
    this.delete(key);
    const weight = this.weigh(value);
    if (weight > this.limits.maxWeight) return false;
    this.entries.set(key, { value, weight });
    this.total += weight;
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.limits.maxWeight && this.entries.size <= this.limits.maxEntries) break;
      this.entries.delete(oldest);
      this.total -= entry.weight;
    }
    return true;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.total -= entry.weight;
    return true;
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** What the entries weigh together. */
  get weight(): number {
    return this.total;
  }
}
