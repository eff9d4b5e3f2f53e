import { canonicalJson, GENESIS_HASH, HashedFields, newSalt, normalisePayload, payloadDigest, recordHash } from './ledger-hash';

const fields: HashedFields = {
  sequence: 7,
  action: 'approve',
  actorId: 3,
  subjectType: 'practice_entry',
  subjectId: 12,
  enrolmentId: 4,
  payloadDigest: 'a'.repeat(64),
  recordedAt: '2025-11-20T10:15:00.000Z',
};

const payload = { hours: 2.5, text: 'Samtale med bruker', tags: ['a', 'b'], nested: { z: 1, a: null } };

describe('canonicalJson', () => {
  it('sorts keys at every level, so the order fields were written in does not matter', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[{"x":2,"y":1}]},"b":1}');
  });
});

describe('normalisePayload', () => {
  it('turns values into what the database will give back (dates as ISO text, undefined dropped)', () => {
    const payload = normalisePayload({ at: new Date('2025-01-02T03:04:05.000Z'), gone: undefined, kept: 0 });
    expect(payload).toEqual({ at: '2025-01-02T03:04:05.000Z', kept: 0 });
    expect(canonicalJson(payload)).toBe('{"at":"2025-01-02T03:04:05.000Z","kept":0}');
  });
});

describe('recordHash', () => {
  const hash = recordHash(GENESIS_HASH, fields);

  it('is SHA-256 hex', () => {
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the same whatever order the fields and payload keys come in', () => {
    const reordered: HashedFields = {
      recordedAt: fields.recordedAt,
      payloadDigest: fields.payloadDigest,
      enrolmentId: 4,
      subjectId: 12,
      subjectType: 'practice_entry',
      actorId: 3,
      action: 'approve',
      sequence: 7,
    };
    expect(recordHash(GENESIS_HASH, reordered)).toBe(hash);
  });

  it('ignores properties outside the hashed fields (a stored record can be passed as it is)', () => {
    expect(recordHash(GENESIS_HASH, { ...fields, id: 99, hash: 'x', previousHash: 'y' } as HashedFields)).toBe(hash);
  });

  const changes: [string, Partial<HashedFields>][] = [
    ['the sequence', { sequence: 8 }],
    ['the action', { action: 'return' }],
    ['the actor', { actorId: 4 }],
    ['the actor becomes the system', { actorId: null }],
    ['the subject type', { subjectType: 'assignment' }],
    ['the subject', { subjectId: 13 }],
    ['the enrolment', { enrolmentId: 5 }],
    ['the enrolment becomes none', { enrolmentId: null }],
    ['the payload digest', { payloadDigest: 'b'.repeat(64) }],
    ['the time by a millisecond', { recordedAt: '2025-11-20T10:15:00.001Z' }],
  ];
  it.each(changes)('changes with %s', (_name, change) => {
    expect(recordHash(GENESIS_HASH, { ...fields, ...change })).not.toBe(hash);
  });

  it('changes when the previous hash changes, which is what chains the records', () => {
    expect(recordHash('1'.repeat(64), fields)).not.toBe(hash);
  });

  it('does not let a value move between fields unnoticed', () => {
    const a = recordHash(GENESIS_HASH, { ...fields, action: 'ab', subjectType: 'c' });
    const b = recordHash(GENESIS_HASH, { ...fields, action: 'a', subjectType: 'bc' });
    expect(a).not.toBe(b);
  });
});

describe('payloadDigest', () => {
  const salt = '0123456789abcdef0123456789abcdef';
  const digest = payloadDigest(salt, payload);

  it('is SHA-256 hex, the same whatever order the payload keys come in', () => {
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(payloadDigest(salt, { nested: { a: null, z: 1 }, tags: ['a', 'b'], text: 'Samtale med bruker', hours: 2.5 })).toBe(digest);
  });

  const changes: [string, Record<string, unknown>][] = [
    ['a text in the payload', { ...payload, text: 'Samtale med bruker.' }],
    ['a number in the payload', { ...payload, hours: 25 }],
    ['the order of a list in the payload', { ...payload, tags: ['b', 'a'] }],
    ['a nested value in the payload', { ...payload, nested: { z: 1, a: 0 } }],
    ['a key added to the payload', { ...payload, extra: true }],
  ];
  it.each(changes)('changes with %s', (_name, changed) => {
    expect(payloadDigest(salt, changed)).not.toBe(digest);
  });

  it('changes with the salt, so a short payload cannot be guessed back from the digest alone', () => {
    expect(payloadDigest('f'.repeat(32), payload)).not.toBe(digest);
    expect(newSalt()).toMatch(/^[0-9a-f]{32}$/);
    expect(newSalt()).not.toBe(newSalt());
  });
});
