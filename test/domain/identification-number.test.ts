/**
 * The one IIN/BIN check (domain/identification-number.ts): the check-digit algorithm pinned on known
 * numbers, and the schemas every entry point uses.
 */
import {
  BinSchema,
  identificationCheckDigit,
  identificationKindOf,
  IinOrBinSchema,
  IinSchema,
  isValidIdentificationNumber,
} from '../../domain/identification-number';

const messagesOf = (r: { error?: { issues: Array<{ message: string }> } }): string[] => r.error?.issues.map((i) => i.message) ?? [];

describe('check digit', () => {
  test('accepts numbers whose last digit is the weighted check digit, refuses one digit off', () => {
    expect(isValidIdentificationNumber('850315400124')).toBe(true);
    expect(isValidIdentificationNumber('850315400125')).toBe(false);
    expect(isValidIdentificationNumber('180340001231')).toBe(true);
    expect(isValidIdentificationNumber('850512400125')).toBe(true);
    expect(isValidIdentificationNumber('180340001232')).toBe(false);
    expect(isValidIdentificationNumber('85031540012')).toBe(false);
    expect(isValidIdentificationNumber('18034000123')).toBe(false);
    expect(isValidIdentificationNumber('85031540012x')).toBe(false);
  });

  test('weights 1..11 mod 11 on the first pass', () => {
    // 8·1+5·2+0·3+3·4+1·5+5·6+4·7+0·8+0·9+1·10+2·11 = 125 → 125 mod 11 = 4
    expect(identificationCheckDigit('85031540012')).toBe(4);
  });

  test('uses the second weight pass (3..11,1,2) when the first gives 10', () => {
    const first11 = '00000000010'; // first pass: 1·10 = 10 → second pass: 1·1 = 1
    expect(identificationCheckDigit(first11)).toBe(1);
    expect(isValidIdentificationNumber('000000000101')).toBe(true);
    expect(isValidIdentificationNumber('000000000100')).toBe(false);
  });

  test('no number is issued when both passes give 10', () => {
    // first pass: 2·9 + 8·10 + 1·11 = 109 ≡ 10; second pass: 2·11 + 8·1 + 1·2 = 32 ≡ 10
    const s = '00000000281';
    expect(identificationCheckDigit(s)).toBeNull();
    for (let d = 0; d <= 9; d++) expect(isValidIdentificationNumber(`${s}${d}`)).toBe(false);
  });

  test("IIN or BIN by the 5th digit: a BIN's is 4, 5 or 6 (entity type), an IIN's the tens of the birth day", () => {
    expect(identificationKindOf('180340001231')).toBe('legal-entity');
    expect(identificationKindOf('850315400124')).toBe('individual');
  });
});

describe('schemas', () => {
  test('IinOrBinSchema: 12 digits with the check digit; one message per fault', () => {
    expect(IinOrBinSchema.safeParse('850315400124').success).toBe(true);
    expect(IinOrBinSchema.safeParse('180340001231').success).toBe(true);
    expect(messagesOf(IinOrBinSchema.safeParse('850315400125'))).toEqual([expect.stringMatching(/check digit/)]);
    expect(messagesOf(IinOrBinSchema.safeParse('85031540012x'))).toEqual([expect.stringMatching(/12 digits/)]);
  });

  test('IinSchema refuses a BIN, BinSchema an IIN', () => {
    expect(IinSchema.safeParse('850315400124').success).toBe(true);
    expect(messagesOf(IinSchema.safeParse('180340001231'))).toEqual([expect.stringMatching(/looks like a BIN/)]);
    expect(messagesOf(IinSchema.safeParse('850315400125'))).toEqual([expect.stringMatching(/check digit/)]);
    expect(BinSchema.safeParse('180340001231').success).toBe(true);
    expect(messagesOf(BinSchema.safeParse('850315400124'))).toEqual([expect.stringMatching(/not a BIN/)]);
    expect(messagesOf(BinSchema.safeParse('180340001232'))).toEqual([expect.stringMatching(/check digit/)]);
  });
});
