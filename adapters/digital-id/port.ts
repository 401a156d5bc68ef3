/**
 * Digital ID: biometric verification of a person and a signature over a document hash in one step
 * (seed 000 ¶5.10 — "signing by the applicants and founders through Digital ID"). The person passes the
 * liveness check in the Digital ID app, which yields a biometric session id; the signature binds that
 * session, the person's IIN and the SHA-256 hash of the application document. A failed verification
 * comes back as `status: 'refused'`; an outage throws.
 */
export interface BiometricSignatureRequest {
  idempotencyKey: string;
  iin: string;
  biometricSessionId: string;
  /** Hex SHA-256 of the application document every signer signs. */
  documentHash: string;
}

export type BiometricSignature =
  | { status: 'signed'; signatureId: string; iin: string; documentHash: string; signedAt: string }
  | { status: 'refused'; iin: string; reasonCode: string; reason: string };

export interface DigitalId {
  signWithBiometrics(req: BiometricSignatureRequest): Promise<BiometricSignature>;
}
