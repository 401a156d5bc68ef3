/**
 * Signer failures. Adapters throw; the activity decides: an outage (and an unanswered revocation
 * check) is retried, a refusal of the request itself is final.
 */
import type { VerificationResult } from './port';

/** The signing server could not be reached or failed (network, timeout, 5xx): retry. */
export class SignerUnavailableError extends Error {
  override readonly name = 'SignerUnavailableError';
  readonly retryable = true;
}

/** The signing server refused the request (wrong key or password, malformed XML): do not retry. */
export class SignerRejectedError extends Error {
  override readonly name = 'SignerRejectedError';
  readonly retryable = false;
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * "Not valid, but nobody said revoked": the OCSP/CRL check had no answer. Not a final refusal — the
 * same document may verify in a minute — so it is a retryable error carrying what was learnt.
 */
export class RevocationUnknownError extends Error {
  override readonly name = 'RevocationUnknownError';
  readonly retryable = true;
  constructor(
    message: string,
    readonly result: VerificationResult,
  ) {
    super(message);
  }
}

/**
 * The key asked for is one whose certificate the CA has revoked (pki/system-signers.ts checks before each
 * signature): nothing is signed with it. Retryable: the case waits (and is escalated, activities/common.ts)
 * until a new key is issued and the signer restarted with it; it does not fail.
 */
export class SignerKeyRevokedError extends Error {
  override readonly name = 'SignerKeyRevokedError';
  readonly retryable = true;
  constructor(
    readonly role: string,
    readonly revokedAt: Date,
    readonly reason: string,
  ) {
    super(`the ${role} signing key's certificate was revoked at ${revokedAt.toISOString()} (${reason}): nothing is signed with it`);
  }
}
