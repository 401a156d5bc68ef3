/**
 * Finds IINs and BINs in text: 12 digits standing alone (no digit either side) whose last digit is
 * their check digit (domain/identification-number.ts); a UUID's all-digit last group is not one. Used by the tests that prove logs, metrics and
 * search attributes carry no personal data (issue 16 item 6).
 */
import { isValidIdentificationNumber } from '../../domain/identification-number';
import { IDENTIFICATION_NUMBER_OR_UUID } from '../../domain/personal-data';

export interface Finding {
  number: string;
  /** The text around it, to tell where it came from. */
  context: string;
}

export function findIdentificationNumbers(text: string): Finding[] {
  const out: Finding[] = [];
  for (const m of text.matchAll(IDENTIFICATION_NUMBER_OR_UUID)) {
    if (m[0].length !== 12 || !isValidIdentificationNumber(m[0])) continue;
    const at = m.index;
    out.push({ number: m[0], context: text.slice(Math.max(0, at - 120), at + 40).replace(/\s+/g, ' ') });
  }
  return out;
}
