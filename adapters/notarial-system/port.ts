/**
 * The unified notarial information system (БНАЖ, «бірыңғай нотариаттық ақпараттық жүйе»), reached through
 * the e-gov gateway: seed 001 ¶11(3) (P3) asks it for the data of a notarised power of attorney before the
 * State Corporation accepts a representative's application.
 * A power of attorney that is not registered is `null` (a business answer: "the data cannot be obtained",
 * ¶11(5)); an unreachable system throws (the activity retries; an outage is never "not found").
 */
export interface NotarisedPowerOfAttorney {
  /** The registration number in the notarial register, e.g. "PoA-2026-000123". */
  number: string;
  /** Date of certification (YYYY-MM-DD). */
  certifiedOn: string;
  /** IIN/BIN of who gave the power (the applicant). */
  principalRef: string;
  /** IIN of the representative. */
  representativeIin: string;
  notary: string;
  /** Last day it is valid (YYYY-MM-DD); absent when open-ended. */
  validUntil?: string;
  status: 'valid' | 'revoked';
}

export interface NotarialSystem {
  findPowerOfAttorney(number: string): Promise<NotarisedPowerOfAttorney | null>;
}
