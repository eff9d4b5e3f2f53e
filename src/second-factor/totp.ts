import { generateSecret, generateURI, verify } from 'otplib';

/** The name authenticator apps show beside the person's address. */
export const ISSUER = 'Brobygger';

/** One period either side of now, for a phone's clock that is a little off (RFC 6238, section 5.2). */
const TOLERANCE_SECONDS = 30;

/** A new authenticator secret: 20 random bytes, in Base32 as apps and the otpauth address take it. */
export function newTotpSecret(): string {
  return generateSecret();
}

/** The otpauth:// address the QR code carries. */
export function totpUri(secret: string, account: string): string {
  return generateURI({ issuer: ISSUER, label: account, secret });
}

/** The secret in groups of four, easier to type into an app by hand. */
export function groupedSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** A code as typed (spaces allowed, as some apps show "123 456"); undefined when it cannot be one. */
export function normaliseTotpCode(input: string): string | undefined {
  const code = input.replace(/\s/g, '');
  return /^\d{6}$/.test(code) ? code : undefined;
}

/** The time step (RFC 6238's T) the code belongs to, when it is right for now; undefined otherwise. */
export async function totpStep(secret: string, code: string, now = Date.now()): Promise<number | undefined> {
  const token = normaliseTotpCode(code);
  if (!token) return undefined;
  const result = await verify({ secret, token, epoch: Math.floor(now / 1000), epochTolerance: TOLERANCE_SECONDS });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}
