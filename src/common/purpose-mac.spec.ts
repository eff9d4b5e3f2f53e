import { purposeKey, purposeMac, purposeMacMatches } from './purpose-mac';

describe('MACs kept to one purpose', () => {
  const secret = 'a-session-secret-of-some-length-0123456789';

  it('are 43 base64url characters, the same every time', () => {
    const key = purposeKey(secret, 'test:one');
    expect(purposeMac(key, '42:1')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(purposeMac(key, '42:1')).toBe(purposeMac(purposeKey(secret, 'test:one'), '42:1'));
  });

  it('match only their own payload, under their own purpose and secret', () => {
    const key = purposeKey(secret, 'test:one');
    const mac = purposeMac(key, '42:1');
    expect(purposeMacMatches(key, '42:1', mac)).toBe(true);
    expect(purposeMacMatches(key, '42:2', mac)).toBe(false);
    expect(purposeMacMatches(purposeKey(secret, 'test:two'), '42:1', mac)).toBe(false);
    expect(purposeMacMatches(purposeKey(`${secret}x`, 'test:one'), '42:1', mac)).toBe(false);
    expect(purposeMacMatches(key, '42:1', mac.slice(1))).toBe(false);
    expect(purposeMacMatches(key, '42:1', '')).toBe(false);
  });
});
