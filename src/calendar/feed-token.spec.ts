import { feedKey, feedMacMatches, feedToken, readFeedFile } from './feed-token';

describe('the token in a calendar feed address', () => {
  const key = feedKey('a-session-secret-of-some-length-0123456789');

  it('is the same for the same person and generation, and carries the person id and a MAC of 43 characters', () => {
    const token = feedToken(key, 42, 1);
    expect(token).toBe(feedToken(key, 42, 1));
    expect(token).toMatch(/^42-[A-Za-z0-9_-]{43}$/);
  });

  it('changes with the generation, the person and the secret', () => {
    const token = feedToken(key, 42, 1);
    expect(feedToken(key, 42, 2)).not.toBe(token);
    expect(feedToken(key, 43, 1).split('-').slice(1).join('-')).not.toBe(token.split('-').slice(1).join('-'));
    expect(feedToken(feedKey('another-session-secret-of-some-length-01'), 42, 1)).not.toBe(token);
  });

  it('is not a MAC made with the session secret itself (the key is derived for this purpose)', () => {
    const { createHmac } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    const direct = createHmac('sha256', 'a-session-secret-of-some-length-0123456789').update('42:1').digest('base64url');
    expect(feedToken(key, 42, 1)).not.toBe(`42-${direct}`);
  });

  it('is read from the last part of the address, and nothing else is', () => {
    const token = feedToken(key, 42, 3);
    const read = readFeedFile(`${token}.ics`);
    expect(read).toEqual({ userId: 42, mac: token.slice(3) });
    for (const file of [token, `${token}.ICS`, `${token}.ics.ics`, `0${token}.ics`, `x-${token.slice(3)}.ics`, `42-${token.slice(4)}.ics`, `42-${token.slice(3)}=.ics`, '.ics', '', `99999999999-${token.slice(3)}.ics`]) {
      expect(readFeedFile(file)).toBeNull();
    }
  });

  it('matches only the current generation of the person it names', () => {
    const { userId, mac } = readFeedFile(`${feedToken(key, 42, 3)}.ics`)!;
    expect(feedMacMatches(key, userId, 3, mac)).toBe(true);
    expect(feedMacMatches(key, userId, 2, mac)).toBe(false);
    expect(feedMacMatches(key, userId, 4, mac)).toBe(false);
    expect(feedMacMatches(key, 43, 3, mac)).toBe(false);
    // A MAC one character off, or of another length, is refused without an error.
    const flipped = mac.slice(0, -1) + (mac.endsWith('A') ? 'B' : 'A');
    expect(feedMacMatches(key, userId, 3, flipped)).toBe(false);
    expect(feedMacMatches(key, userId, 3, mac.slice(1))).toBe(false);
  });
});
