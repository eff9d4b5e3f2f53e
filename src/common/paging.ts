/** Rows on one page of a long list: the practice log, the supervisor's queue, the log of an employer's looks. */
export const PAGE_SIZE = 50;

export interface Page {
  /** The page shown, 1-based. */
  page: number;
  /** How many pages there are; 1 for an empty list. */
  count: number;
  total: number;
  /** The first and last row shown, 1-based; 0 and 0 when there are none. */
  from: number;
  to: number;
  previous?: number;
  next?: number;
  /** For the query: rows to skip, rows to take. */
  offset: number;
  limit: number;
}

/**
 * Which page of `total` rows to show for a requested page number (`?page=` as typed): a missing, malformed
 * or too small number shows the first page, one past the end the last, so a link kept from before a list
 * shrank never shows an empty page.
 */
export function paging(requested: unknown, total: number, size = PAGE_SIZE): Page {
  const count = Math.max(1, Math.ceil(total / size));
  const asked = typeof requested === 'string' || typeof requested === 'number' ? Number.parseInt(String(requested), 10) : NaN;
  const page = Math.min(count, Math.max(1, Number.isNaN(asked) ? 1 : asked));
  const offset = (page - 1) * size;
  return {
    page,
    count,
    total,
    from: total === 0 ? 0 : offset + 1,
    to: Math.min(total, offset + size),
    previous: page > 1 ? page - 1 : undefined,
    next: page < count ? page + 1 : undefined,
    offset,
    limit: size,
  };
}
