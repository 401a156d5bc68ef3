import {
  ANCN_SEQUENCE_MAX,
  DOCUMENT_TYPES,
  ancnCheckDigits,
  formatAncn,
  isValidAncn,
  normaliseAncn,
  parseAncn,
  printAncn,
} from '../../domain/ancn';
import { DomainError } from '../../domain/errors';

function refusal(input: string): DomainError {
  try {
    parseAncn(input);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('INVALID_ANCN');
    return e as DomainError;
  }
  throw new Error(`"${input}" was accepted`);
}

describe('ANCN (seed 004 appendix)', () => {
  it("computes the act's own example KZ03ABC00000001 (MOD 97-10, letters as in IBAN)", () => {
    expect(ancnCheckDigits('KZ', 'ABC', '00000001')).toBe('03');
    expect(formatAncn('ABC', 1)).toBe('KZ03ABC00000001');
    expect(parseAncn('KZ03ABC00000001')).toEqual({
      ancn: 'KZ03ABC00000001',
      country: 'KZ',
      checkDigits: '03',
      typeCode: 'ABC',
      sequence: 1,
    });
  });

  it('accepts the printed form with spaces and lower case, and prints it back', () => {
    expect(normaliseAncn('KZ03 ABC 0000 0001')).toBe('KZ03ABC00000001');
    expect(normaliseAncn(' kz03 abc 0000 0001 ')).toBe('KZ03ABC00000001');
    expect(normaliseAncn('KZ03\u00a0ABC\u00a000000001')).toBe('KZ03ABC00000001');
    expect(printAncn('kz03abc00000001')).toBe('KZ03 ABC 0000 0001');
  });

  it('agrees with an independent IBAN-style computation for every document type and edge sequences', () => {
    // Reference: BigInt arithmetic on the rearranged, letter-converted number.
    const reference = (type: string, seq: number): string => {
      const digits = String(seq).padStart(8, '0');
      const n = `${type}${digits}KZ00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
      return String(98n - (BigInt(n) % 97n)).padStart(2, '0');
    };
    for (const type of Object.keys(DOCUMENT_TYPES)) {
      for (const seq of [1, 2, 97, 12_345_678, ANCN_SEQUENCE_MAX]) {
        const ancn = formatAncn(type, seq);
        expect(ancn.slice(2, 4)).toBe(reference(type, seq));
        expect(parseAncn(ancn).sequence).toBe(seq);
      }
    }
  });

  it('refuses wrong check digits and says which ones were expected', () => {
    const e = refusal('KZ04ABC00000001');
    expect(e.message).toContain('check digits 04');
    expect(e.message).toContain('expected 03');
    expect(isValidAncn('KZ04ABC00000001')).toBe(false);
    // A single mistyped sequence digit is caught (the point of MOD 97-10).
    expect(isValidAncn('KZ03ABC00000002')).toBe(false);
    // Two swapped digits are caught too.
    const good = formatAncn('PRM', 12);
    expect(isValidAncn(good.replace('00000012', '00000021'))).toBe(false);
  });

  it('refuses I and O in the document-type code, on input and when formatting', () => {
    expect(() => formatAncn('ABI', 1)).toThrow(/I and O are not used/);
    expect(() => formatAncn('OAB', 1)).toThrow(DomainError);
    // Even with correct MOD 97-10 check digits, I/O type codes are not ANCNs.
    const check = ancnCheckDigits('KZ', 'ABO', '00000001');
    expect(refusal(`KZ${check}ABO00000001`).message).toMatch(/other than I and O/);
  });

  it('refuses Cyrillic look-alike letters and names the position', () => {
    // Cyrillic К (U+041A) in place of the Latin K, first character.
    const k = refusal('\u041aZ03ABC00000001');
    expect(k.message).toContain('position 1');
    expect(k.message).toContain('U+041A');
    expect(k.message).toContain('Latin "K"');
    // Cyrillic А and С inside the printed form: the position counts the input as typed, spaces included.
    const a = refusal('KZ03 \u0410BC 0000 0001');
    expect(a.message).toContain('position 6');
    expect(a.message).toContain('Latin "A"');
    expect(refusal('kz03ab\u0441 0000 0001').message).toContain('position 7'); // lower-case с
    expect(refusal('KZ03ABC0000000\u0417').message).toContain('U+0417'); // З for 3
    expect(refusal('KZ03\u0416BC00000001').message).toMatch(/Cyrillic letter "Ж"/); // not a look-alike, still Cyrillic
  });

  it('refuses malformed numbers with a clear reason', () => {
    expect(refusal('KZ03ABC0000001').message).toMatch(/15 characters.*got 14/);
    expect(refusal('KZ03ABC000000001').message).toMatch(/got 16/);
    expect(refusal('RU03ABC00000001').message).toMatch(/country code "RU"/);
    expect(refusal('KZ0XABC00000001').message).toMatch(/check digits "0X"/);
    expect(refusal('KZ03AB100000001').message).toMatch(/three Latin letters/);
    expect(refusal('KZ03ABC0000000A').message).toMatch(/eight digits/);
    expect(refusal('KZ03-ABC-00000001').message).toMatch(/position 5: "-"/);
    expect(refusal(`KZ${ancnCheckDigits('KZ', 'ABC', '00000000')}ABC00000000`).message).toMatch(/never issued/);
  });

  it('refuses sequence 0, fractions and overflow beyond 8 digits', () => {
    expect(formatAncn('APP', ANCN_SEQUENCE_MAX)).toMatch(/^KZ\d\dAPP99999999$/);
    expect(() => formatAncn('APP', ANCN_SEQUENCE_MAX + 1)).toThrow(/outside 1…99999999/);
    expect(() => formatAncn('APP', 0)).toThrow(DomainError);
    expect(() => formatAncn('APP', 1.5)).toThrow(DomainError);
  });

  it('has the document types of seed 004 ¶10, each a valid type code', () => {
    expect(Object.values(DOCUMENT_TYPES)).toEqual([
      'application',
      'notification',
      'notice to the applicant',
      'permit',
      'reasoned refusal',
      'request to an approving body',
      "approving body's answer",
      'register-maintenance notice',
    ]);
    for (const code of Object.keys(DOCUMENT_TYPES)) expect(() => formatAncn(code, 1)).not.toThrow();
  });
});
