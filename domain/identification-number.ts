/**
 * The IIN (individuals) and BIN (legal entities) share one 12-digit format and one check digit: every
 * place an IIN or BIN enters (the services' API schemas, the register, the fakes) checks it with the
 * schemas below, so a number the state databases could never hold is refused at the door.
 */
import { z } from 'zod';

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

export type IdentificationKind = 'individual' | 'legal-entity';

/**
 * IIN or BIN by the number itself: an IIN starts with the birth date YYMMDD, so its 5th digit is the
 * tens of the day (0-3); a BIN starts with the registration YYMM followed by the entity type
 * 4 (resident legal entity), 5 (non-resident) or 6 (joint individual entrepreneurship).
 */
export function identificationKindOf(s: string): IdentificationKind {
  return /^\d{4}[456]\d{7}$/.test(s) ? 'legal-entity' : 'individual';
}

const CHECK_DIGIT_MESSAGE = 'the check digit (12th digit) does not match: check the number';

/** An IIN or a BIN: 12 digits, the last its check digit. */
export const IinOrBinSchema = z
  .string()
  .regex(/^\d{12}$/, { message: 'an IIN or BIN is 12 digits', abort: true })
  .refine(isValidIdentificationNumber, CHECK_DIGIT_MESSAGE);

/**
 * An individual's IIN: 12 digits, the 5th the tens of the birth day (0-3), the last its check digit. The
 * two patterns are one pattern in the published schema (JSON Schema keeps one); the check digit is a
 * refinement, which the API answers with 422 RULE_VIOLATED (domain/zod-issues.ts).
 */
export const IinSchema = z
  .string()
  .regex(/^\d{12}$/, { message: 'an IIN is 12 digits', abort: true })
  .regex(/^\d{4}[0-3]\d{7}$/, {
    message: "an IIN's 5th digit is the tens of the birth day (0-3): this looks like a BIN",
    abort: true,
  })
  .refine(isValidIdentificationNumber, CHECK_DIGIT_MESSAGE)
  .meta({ pattern: '^\\d{4}[0-3]\\d{7}$' });

/** A legal entity's BIN: 12 digits, the 5th the entity type (4, 5 or 6), the last its check digit. */
export const BinSchema = z
  .string()
  .regex(/^\d{12}$/, { message: 'a BIN is 12 digits', abort: true })
  .regex(/^\d{4}[456]\d{7}$/, {
    message: "a BIN's 5th digit is 4, 5 or 6 (an individual's IIN is not a BIN)",
    abort: true,
  })
  .refine(isValidIdentificationNumber, CHECK_DIGIT_MESSAGE)
  .meta({ pattern: '^\\d{4}[456]\\d{7}$' });
