import { createHash, randomBytes } from 'crypto';
import { stableStringify } from '../common/stable-stringify';

/** The hash the first record chains to. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * What a record's hash covers, besides the previous record's hash. The payload (which holds what a student
 * wrote) is covered only through its salted digest, so erasure can drop the payload and its salt while the
 * digest, and with it the chain, stays verifiable.
 */
export interface HashedFields {
  sequence: number;
  action: string;
  actorId: number | null;
  subjectType: string;
  subjectId: number;
  enrolmentId: number | null;
  payloadDigest: string;
  recordedAt: string;
}

/**
 * The payload as it will read back from the database: a JSON round trip turns dates into ISO
 * strings and drops undefined, so the digest computed on append is the one verify recomputes.
 */
export function normalisePayload(payload: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(payload)) as Record<string, unknown>;
}

/** JSON with keys sorted at every level: the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  return stableStringify(value);
}

/** A fresh random salt (32 hex digits) for one record's payload digest. */
export function newSalt(): string {
  return randomBytes(16).toString('hex');
}

/**
 * SHA-256 (hex) over the record's salt followed by the canonical JSON of its payload. The salt keeps a short
 * payload (an hour count, a one-word comment) from being guessed back from its digest once it is erased.
 */
export function payloadDigest(salt: string, payload: unknown): string {
  return createHash('sha256').update(salt).update(canonicalJson(payload)).digest('hex');
}

/** SHA-256 (hex) over the previous record's hash followed by the canonical JSON of this record's fields. */
export function recordHash(previousHash: string, fields: HashedFields): string {
  const { sequence, action, actorId, subjectType, subjectId, enrolmentId, payloadDigest, recordedAt } = fields;
  const content = canonicalJson({ sequence, action, actorId, subjectType, subjectId, enrolmentId, payloadDigest, recordedAt });
  return createHash('sha256').update(previousHash).update(content).digest('hex');
}
