/**
 * ECDS (ЭЦҚ) signing of provider documents: XMLDSig, enveloped, exclusive canonicalization.
 * Implementations: LocalXmlSigner (real keys, test certificate chain generated at setup; the embedded
 * default) and NcaNodeSigner (HTTP client for NCANode, the production signing server).
 */
export interface SignedXml {
  signedXml: string;
  /** Stable reference of the signature (e.g. SHA-256 of the SignatureValue), kept in audit events. */
  signatureRef: string;
  signerSubject: string;
  signedAt: string;
}

export interface VerificationResult {
  valid: boolean;
  /** Digest and signature value both check out against the document as given. */
  integrity: boolean;
  signerSubject?: string;
  certificateValid?: boolean;
  /** Where a revocation check could not be answered (NCANode), the result is retried, not final. */
  revocation?: 'good' | 'revoked' | 'unknown';
  /**
   * The signing certificate was revoked, but after the document was signed: the signature stays valid
   * (seed 002 ¶6(2) revocation ends the certificate's use from that moment, not backwards).
   */
  signedBeforeRevocation?: SignedBeforeRevocation;
  reasons: string[];
}

export interface SignedBeforeRevocation {
  signedAt: string;
  revokedAt: string;
  reason: string;
}

export interface VerifyOptions {
  /**
   * When the document was signed (ours: its IssuedAt, inside the signed content; no signed timestamp
   * exists). A certificate revoked at or before it fails the document; revoked after it, the document
   * stays valid with signedBeforeRevocation. Default: now.
   */
  signedAt?: Date;
}

export interface DocumentSigner {
  /**
   * `signer` picks the key: 'provider' (authorized person's ECDS), 'system' (transport signature) or
   * 'operator' (the State Corporation operator's ECDS, seed 001 ¶11(6)).
   */
  sign(xml: string, opts?: { signer?: 'provider' | 'system' | 'operator' }): Promise<SignedXml>;
  verify(signedXml: string, opts?: VerifyOptions): Promise<VerificationResult>;
}
