/**
 * In-memory DocumentSigner for tests and fakes that need signed documents but not a PKI: the
 * "signature" is a SHA-256 digest of the document with the signer's role, checked again by verify().
 * It proves integrity only, never who signed; xmlsec1 and the local signer's verifier refuse it, which
 * is what a fake signature should get.
 */
import crypto from 'node:crypto';
import type { DocumentSigner, SignedXml, VerificationResult } from './port';

const MARK = /<!--fake-signature signer="(provider|system|operator)" sha256="([0-9a-f]{64})"-->$/;

export class InMemoryDocumentSigner implements DocumentSigner {
  constructor(private readonly now: () => Date = () => new Date()) {}

  async sign(xml: string, opts?: { signer?: 'provider' | 'system' | 'operator' }): Promise<SignedXml> {
    const role = opts?.signer ?? 'provider';
    const digest = crypto.createHash('sha256').update(`${role}\n${xml}`).digest('hex');
    return {
      signedXml: `${xml}<!--fake-signature signer="${role}" sha256="${digest}"-->`,
      signatureRef: digest,
      signerSubject: `CN=fake ${role} signer`,
      signedAt: this.now().toISOString(),
    };
  }

  async verify(signedXml: string): Promise<VerificationResult> {
    const m = MARK.exec(signedXml);
    if (!m) return { valid: false, integrity: false, reasons: ['no fake signature'] };
    const [, role, digest] = m;
    const xml = signedXml.slice(0, m.index);
    const integrity = crypto.createHash('sha256').update(`${role}\n${xml}`).digest('hex') === digest;
    return {
      valid: integrity,
      integrity,
      signerSubject: `CN=fake ${role} signer`,
      certificateValid: false,
      reasons: integrity ? [] : ['digest does not match'],
    };
  }
}
