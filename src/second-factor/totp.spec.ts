import { generate } from 'otplib';
import { groupedSecret, newTotpSecret, normaliseTotpCode, totpStep, totpUri } from './totp';

const NOW = Date.UTC(2026, 0, 5, 12, 0, 15);
const at = (ms: number) => Math.floor(ms / 1000);

describe('time-based codes', () => {
  const secret = newTotpSecret();

  it('accept the code of now and answer its time step', async () => {
    const code = await generate({ secret, epoch: at(NOW) });
    expect(await totpStep(secret, code, NOW)).toBe(Math.floor(at(NOW) / 30));
  });

  it('accept the code of one period before or after, for a clock a little off, but not two', async () => {
    expect(await totpStep(secret, await generate({ secret, epoch: at(NOW) - 30 }), NOW)).toBe(Math.floor(at(NOW) / 30) - 1);
    expect(await totpStep(secret, await generate({ secret, epoch: at(NOW) + 30 }), NOW)).toBe(Math.floor(at(NOW) / 30) + 1);
    expect(await totpStep(secret, await generate({ secret, epoch: at(NOW) - 90 }), NOW)).toBeUndefined();
    expect(await totpStep(secret, await generate({ secret, epoch: at(NOW) + 90 }), NOW)).toBeUndefined();
  });

  it('refuse a code made from another secret, and anything that is not six digits', async () => {
    expect(await totpStep(secret, await generate({ secret: newTotpSecret(), epoch: at(NOW) }), NOW)).toBeUndefined();
    expect(await totpStep(secret, 'abcdef', NOW)).toBeUndefined();
    expect(normaliseTotpCode('123 456')).toBe('123456');
    expect(normaliseTotpCode('12345')).toBeUndefined();
  });

  it('give an otpauth address naming Brobygger and the person, and the secret in groups of four', () => {
    expect(totpUri('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'kari@example.no')).toBe('otpauth://totp/Brobygger:kari%40example.no?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Brobygger');
    expect(groupedSecret('GEZDGNBVGY3TQOJQGE')).toBe('GEZD GNBV GY3T QOJQ GE');
  });
});
