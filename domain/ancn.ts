/**
 * ANCN — the unique number of an electronic document in the e-licensing system (seed 004 appendix):
 *
 *   CC KK TTT NNNNNNNN   e.g. KZ03ABC00000001, printed "KZ03 ABC 0000 0001"
 *
 * CC = ISO 3166-1 alpha-2 country ('KZ'); KK = check digits by ISO/IEC 7064 MOD 97-10 with letters
 * converted as in IBAN; TTT = document-type code, three Latin letters except I and O; NNNNNNNN = the
 * 8-digit sequence within the type. Spaces are ignored on input.
 *
 * Pure and deterministic (no Node builtins): used by workflows as well as by the API and persistence.
 */
import { DomainError } from './errors';

/** seed 004 appendix: the country part. */
export const ANCN_COUNTRY = 'KZ';
/** seed 004 appendix: 2 + 2 + 3 + 8 characters. */
export const ANCN_LENGTH = 15;
/** seed 004 appendix: NNNNNNNN, eight digits → at most 99,999,999 documents per type. */
export const ANCN_SEQUENCE_DIGITS = 8;
export const ANCN_SEQUENCE_MAX = 99_999_999;
/** The shape alone (country, check digits, type, sequence); parseAncn also checks the digits and the type. */
export const ANCN_PATTERN = /^KZ[0-9]{2}[A-Z]{3}[0-9]{8}$/;

/** Document types that get an ANCN (seed 004 ¶10); every XML document created gets one (¶11). */
export const DOCUMENT_TYPES = {
  APP: 'application',
  NTF: 'notification',
  NTC: 'notice to the applicant',
  PRM: 'permit',
  RFS: 'reasoned refusal',
  REQ: 'request to an approving body',
  ANS: "approving body's answer",
  RMN: 'register-maintenance notice',
} as const;
export type DocumentTypeCode = keyof typeof DOCUMENT_TYPES;

export function isDocumentTypeCode(s: string): s is DocumentTypeCode {
  return Object.prototype.hasOwnProperty.call(DOCUMENT_TYPES, s);
}

export interface ParsedAncn {
  /** Canonical form: upper case, no spaces. */
  ancn: string;
  country: string;
  checkDigits: string;
  typeCode: string;
  sequence: number;
}

/**
 * Cyrillic capitals that look like Latin ones (lower case is upper-cased first). People copy numbers
 * from Kazakh and Russian documents, so these are the typos worth naming precisely.
 */
const CYRILLIC_LOOKALIKES: Readonly<Record<string, string>> = {
  А: 'A',
  В: 'B',
  С: 'C',
  Е: 'E',
  Н: 'H',
  І: 'I',
  Ј: 'J',
  К: 'K',
  М: 'M',
  О: 'O',
  Р: 'P',
  Ѕ: 'S',
  Т: 'T',
  Х: 'X',
  У: 'Y',
  Ү: 'Y',
  З: '3',
  Ӏ: 'I',
};

// seed 004 appendix: "any Latin letters except I and O" (they read as 1 and 0).
const TYPE_CODE = /^[A-HJ-NP-Z]{3}$/;
const WHITESPACE = /[\s\u00a0\u2007\u202f]/u;

function invalid(message: string, field = 'ancn'): DomainError {
  return new DomainError('INVALID_ANCN', message, [{ field, message }]);
}

/** Letters → numbers as in IBAN (ISO 13616): A=10 … Z=35; digits stay. */
function ibanDigits(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c >= 48 && c <= 57) out += ch;
    else if (c >= 65 && c <= 90) out += String(c - 55);
    else throw invalid(`"${ch}" cannot be converted for the MOD 97-10 check`);
  }
  return out;
}

/** Remainder of a long decimal string modulo 97, in chunks that stay inside exact double precision. */
function mod97(digits: string): number {
  let rem = 0;
  for (let i = 0; i < digits.length; i += 7) rem = Number(String(rem) + digits.slice(i, i + 7)) % 97;
  return rem;
}

/**
 * ISO/IEC 7064 MOD 97-10 check digits computed like IBAN: move CC + "00" behind the rest, convert
 * letters (A=10 … Z=35), check = 98 − (number mod 97), two digits.
 */
export function ancnCheckDigits(country: string, typeCode: string, sequenceDigits: string): string {
  const check = 98 - mod97(ibanDigits(`${typeCode}${sequenceDigits}${country}00`));
  return String(check).padStart(2, '0');
}

function assertTypeCode(typeCode: string): void {
  if (!TYPE_CODE.test(typeCode)) {
    const hint = /[IO]/.test(typeCode) ? ' (I and O are not used)' : '';
    throw invalid(`document-type code "${typeCode}" must be three Latin capital letters other than I and O${hint}`, 'typeCode');
  }
}

/** Builds the ANCN for the n-th document of a type (seed 004 appendix). */
export function formatAncn(typeCode: string, sequence: number): string {
  assertTypeCode(typeCode);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > ANCN_SEQUENCE_MAX) {
    throw invalid(`sequence ${sequence} is outside 1…${ANCN_SEQUENCE_MAX} (8 digits, seed 004 appendix)`, 'sequence');
  }
  const digits = String(sequence).padStart(ANCN_SEQUENCE_DIGITS, '0');
  return `${ANCN_COUNTRY}${ancnCheckDigits(ANCN_COUNTRY, typeCode, digits)}${typeCode}${digits}`;
}

/**
 * Validates and normalises user input: spaces ignored, lower case accepted; Cyrillic look-alikes,
 * wrong check digits, I/O in the type code and malformed parts are refused with a DomainError
 * 'INVALID_ANCN' whose message names the position (1-based, in the input as typed).
 */
export function parseAncn(input: string): ParsedAncn {
  if (typeof input !== 'string') throw invalid('ANCN must be a string');
  let compact = '';
  let position = 0;
  for (const ch of input) {
    position += 1;
    if (WHITESPACE.test(ch)) continue;
    const upper = ch.toUpperCase();
    const latin = CYRILLIC_LOOKALIKES[upper];
    if (latin !== undefined || /\p{Script=Cyrillic}/u.test(ch)) {
      const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      const looks = latin !== undefined ? ` that looks like Latin "${latin}"` : '';
      throw invalid(`position ${position}: Cyrillic letter "${ch}" (U+${code})${looks}; an ANCN uses Latin letters only`);
    }
    if (!/^[A-Z0-9]$/.test(upper)) throw invalid(`position ${position}: "${ch}" is not allowed in an ANCN (Latin letters and digits only)`);
    compact += upper;
  }
  if (compact.length !== ANCN_LENGTH) {
    throw invalid(`an ANCN has ${ANCN_LENGTH} characters (CCKKTTTNNNNNNNN) without spaces; got ${compact.length}`);
  }
  const country = compact.slice(0, 2);
  const checkDigits = compact.slice(2, 4);
  const typeCode = compact.slice(4, 7);
  const sequenceDigits = compact.slice(7);
  if (country !== ANCN_COUNTRY) throw invalid(`country code "${country}" must be "${ANCN_COUNTRY}"`);
  if (!/^\d\d$/.test(checkDigits)) throw invalid(`check digits "${checkDigits}" (characters 3–4) must be two digits`);
  if (!/^[A-Z]{3}$/.test(typeCode)) throw invalid(`document-type code "${typeCode}" (characters 5–7) must be three Latin letters`);
  assertTypeCode(typeCode);
  if (!/^\d{8}$/.test(sequenceDigits)) throw invalid(`sequence "${sequenceDigits}" (characters 8–15) must be eight digits`);
  const sequence = Number(sequenceDigits);
  if (sequence < 1) throw invalid('sequence 00000000 is never issued (numbering starts at 1)');
  // ISO/IEC 7064 MOD 97-10: the whole number, check digits included, is ≡ 1 (mod 97).
  if (mod97(ibanDigits(`${typeCode}${sequenceDigits}${country}${checkDigits}`)) !== 1) {
    const expected = ancnCheckDigits(country, typeCode, sequenceDigits);
    throw invalid(`check digits ${checkDigits} are wrong for ${typeCode} ${sequenceDigits} (expected ${expected}); the number is mistyped`);
  }
  return { ancn: compact, country, checkDigits, typeCode, sequence };
}

/** Canonical form of a valid ANCN (throws like parseAncn otherwise). */
export function normaliseAncn(input: string): string {
  return parseAncn(input).ancn;
}

export function isValidAncn(input: string): boolean {
  try {
    parseAncn(input);
    return true;
  } catch {
    return false;
  }
}

/** The printed form of the appendix: "KZ03 ABC 0000 0001". */
export function printAncn(input: string): string {
  const a = normaliseAncn(input);
  return `${a.slice(0, 4)} ${a.slice(4, 7)} ${a.slice(7, 11)} ${a.slice(11)}`;
}
