import { createHash } from 'crypto';
import { stableStringify } from '../common/stable-stringify';

/** The hash the first record chains to. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a record's hash covers, besides the previous record's hash. */
export interface HashedFields {
  sequence: number;
  action: string;
  actorId: number | null;
  subjectType: string;
  subjectId: number;
  enrolmentId: number | null;
  payload: Record<string, unknown>;
  recordedAt: string;
}

/**
 * The payload as it will read back from the database: a JSON round trip turns dates into ISO
 * strings and drops undefined, so the hash computed on append is the one verify recomputes.
 */
export function normalisePayload(payload: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(payload)) as Record<string, unknown>;
}

/** JSON with keys sorted at every level: the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  return stableStringify(value);
}

/** SHA-256 (hex) over the previous record's hash followed by the canonical JSON of this record's fields. */
export function recordHash(previousHash: string, fields: HashedFields): string {
  const { sequence, action, actorId, subjectType, subjectId, enrolmentId, payload, recordedAt } = fields;
  const content = canonicalJson({ sequence, action, actorId, subjectType, subjectId, enrolmentId, payload, recordedAt });
  return createHash('sha256').update(previousHash).update(content).digest('hex');
}
