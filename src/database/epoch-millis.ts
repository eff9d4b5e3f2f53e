import type { ValueTransformer } from 'typeorm';

/**
 * A moment kept as milliseconds since the epoch in a bigint column: PostgreSQL hands bigint back as a string
 * (it may exceed a JavaScript number), SQLite as a number; both read back as a number. Null stays null.
 */
export const epochMillis: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null | undefined) => (value === null || value === undefined ? null : Number(value)),
};
