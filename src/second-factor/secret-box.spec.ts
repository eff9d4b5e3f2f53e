import { purposeKey } from '../common/purpose-mac';
import { SecretBox } from './secret-box';

const box = new SecretBox(purposeKey('a session secret', 'second-factor-secret'));

describe('SecretBox', () => {
  it('opens what it sealed for the same person, and the sealed text does not contain the secret', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 7);
    expect(sealed).not.toContain('JBSWY3DP');
    expect(box.open(sealed, 7)).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
  });

  it('seals the same secret differently each time', () => {
    expect(box.seal('SECRET', 1)).not.toBe(box.seal('SECRET', 1));
  });

  it('does not open a secret sealed for another person, under another key, or altered', () => {
    const sealed = box.seal('SECRET', 7);
    expect(box.open(sealed, 8)).toBeNull();
    expect(new SecretBox(purposeKey('another session secret', 'second-factor-secret')).open(sealed, 7)).toBeNull();
    const [version, iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(box.open([version, iv, tag, flipped.toString('base64url')].join('.'), 7)).toBeNull();
    expect(box.open('not sealed at all', 7)).toBeNull();
  });
});
