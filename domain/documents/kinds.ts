/**
 * Electronic document types and kinds.
 *
 * Types (seed 004 ¶10): every XML document the system creates gets an ANCN (¶11) whose TTT part is one
 * of the three-letter codes of domain/ancn.
 * Kinds: what the regulations call the documents the workflows issue. A known kind fixes its type, so a
 * registration notification can never go out under a permit's number.
 */
import type { DocumentTypeCode } from '../ancn';

export { DOCUMENT_TYPES, isDocumentTypeCode, type DocumentTypeCode } from '../ancn';

/** kind → [type code, where the regulation asks for it]. */
export const DOCUMENT_KINDS = {
  application: ['APP', 'seed 004 ¶20'],
  'registration-notification': ['NTF', 'seed 000 ¶5.12-1'],
  'reasoned-refusal': ['RFS', 'seed 000 ¶5.12-2; seed 003 ¶13'],
  license: ['PRM', 'seed 003 ¶12'],
  'reissued-license': ['PRM', 'seed 003 ¶12'],
  /** A duplicate of a license: a permit document repeating it and naming the original (seed 004 ¶3.14, ¶13.5). */
  'license-duplicate': ['PRM', 'seed 004 ¶3.14, ¶13.5'],
  'registration-notice': ['NTC', 'seed 004 ¶19-24'],
  'refusal-to-consider': ['NTC', 'seed 003 ¶11'],
  'preliminary-decision': ['NTC', 'seed 003 ¶12-1'],
  'applicant-request': ['NTC', 'seed 004 ¶35-42'],
  'suspension-notice': ['NTC', 'seed 004 ¶35-42'],
  'extension-notice': ['NTC', 'seed 004 ¶35-42'],
  'approving-body-request': ['REQ', 'seed 004 ¶35-42; seed 003 Annex 2 item 9(4)'],
  'approving-body-answer': ['ANS', 'seed 004 ¶35-42'],
  'register-maintenance-notice': ['RMN', 'seed 004 ¶6, ¶16'],
  /** The State Corporation's receipt: acceptance date and planned result date (seed 001 ¶9(1)). */
  'counter-receipt': ['NTC', 'seed 001 ¶9(1)'],
  /** The provider's notification of refusal for violations in the applicant's data (seed 001 ¶11(10)). */
  'refusal-notification': ['RFS', 'seed 001 ¶11(10)'],
} as const satisfies Record<string, readonly [DocumentTypeCode, string]>;
export type KnownDocumentKind = keyof typeof DOCUMENT_KINDS;

export function isKnownDocumentKind(s: string): s is KnownDocumentKind {
  return Object.prototype.hasOwnProperty.call(DOCUMENT_KINDS, s);
}

/** Kinds not listed above are allowed (later services add their own) but must look like one. */
export const KIND_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
