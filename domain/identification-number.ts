/**
 * The IIN (individuals) and BIN (legal entities) share one 12-digit format and one check digit: every
 * place an IIN or BIN enters checks it here.
 */
const WEIGHTS_FIRST = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const WEIGHTS_SECOND = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/**
 * Check digit of a 12-digit IIN or BIN from its first 11 digits: the weighted sum with weights 1..11
 * mod 11; when that is 10, a second pass with weights 3..11,1,2; when that is 10 as well, no number is
 * issued with these 11 digits (returns null).
 */
export function identificationCheckDigit(first11: string): number | null {
  if (!/^\d{11}$/.test(first11)) return null;
  const digits = [...first11].map(Number);
  const pass = (w: number[]): number => digits.reduce((s, d, i) => s + d * (w[i] ?? 0), 0) % 11;
  const first = pass(WEIGHTS_FIRST);
  if (first !== 10) return first;
  const second = pass(WEIGHTS_SECOND);
  return second === 10 ? null : second;
}

/** A 12-digit IIN (or BIN) whose last digit is its check digit. */
export function isValidIdentificationNumber(s: string): boolean {
  if (!/^\d{12}$/.test(s)) return false;
  const check = identificationCheckDigit(s.slice(0, 11));
  return check !== null && check === Number(s[11]);
}
