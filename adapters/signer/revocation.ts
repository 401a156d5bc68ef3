/**
 * Revocation at the signing time, one rule for every face of the DocumentSigner port: a certificate
 * revoked at or before the moment the document was signed fails it ("revoked"); revoked after it, the
 * signature stays valid and says so (signedBeforeRevocation), seed 002 ¶6(2).
 */
import type { VerificationResult } from './port';

/** What a CA's status service (the NCA's status store, its OCSP responder, NCANode) says about a certificate now. */
export type RevocationStatus =
  | { status: 'good' }
  | { status: 'revoked'; revokedAt: Date; reason: string }
  | { status: 'unknown'; message?: string };

/** Where a signer learns a certificate's revocation status (PEM in; e.g. the NCA's status store, pki/nca.ts). */
export type RevocationSource = (certPem: string) => Promise<RevocationStatus>;

export function revokedReason(revokedAt: Date, reason: string, signedAt: Date): string {
  return `revoked: the signing certificate was revoked at ${revokedAt.toISOString()} (${reason}), before the signing time ${signedAt.toISOString()}`;
}

/** Folds a revocation answer into a verification result, judged at `signedAt`. */
export function applyRevocation(result: VerificationResult, answer: RevocationStatus, signedAt: Date): VerificationResult {
  if (answer.status === 'good') return { ...result, revocation: 'good' };
  if (answer.status === 'unknown') {
    return { ...result, revocation: 'unknown', reasons: answer.message ? [...result.reasons, answer.message] : result.reasons };
  }
  if (answer.revokedAt.getTime() <= signedAt.getTime()) {
    return {
      ...result,
      valid: false,
      certificateValid: false,
      revocation: 'revoked',
      reasons: [...result.reasons, revokedReason(answer.revokedAt, answer.reason, signedAt)],
    };
  }
  return {
    ...result,
    revocation: 'good',
    signedBeforeRevocation: { signedAt: signedAt.toISOString(), revokedAt: answer.revokedAt.toISOString(), reason: answer.reason },
  };
}
