const WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2];

/** An organisation number as typed ("974 760 673") in the stored form: digits only, spaces dropped. */
export function normaliseOrganisationNumber(input: string): string {
  return input.replace(/\s+/g, '');
}

/**
 * Whether nine digits make a Norwegian organisation number: the ninth is the modulus-11 check digit of the
 * first eight with weights 3, 2, 7, 6, 5, 4, 3, 2. A remainder that would need the check digit 10 is never issued.
 */
export function isOrganisationNumber(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const sum = WEIGHTS.reduce((total, weight, index) => total + weight * Number(digits[index]), 0);
  const remainder = sum % 11;
  const check = remainder === 0 ? 0 : 11 - remainder;
  return check !== 10 && check === Number(digits[8]);
}
