/**
 * LocalXmlSigner: the embedded default DocumentSigner. Real RSA keys and X.509 certificates issued by the
 * NCA's CA into config.adapters.signingKeysDir (on first use, see pki.ts); real XMLDSig that an
 * independent verifier (xmlsec1) accepts. Given a revocation source (the NCA's status store), verify
 * also judges the signing certificate's revocation at the signing time (./revocation.ts).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DocumentSigner, SignedXml, VerificationResult, VerifyOptions } from './port';
import { ensureTestPki, type EnsurePkiOptions, type PkiMaterial, type SignerRole } from './pki';
import { applyRevocation, type RevocationSource } from './revocation';
import { signatureRefOf, signingCertificateOf, signXml, verifyXml } from './xmldsig';

export class LocalXmlSigner implements DocumentSigner {
  constructor(
    private readonly pki: PkiMaterial,
    private readonly now: () => Date = () => new Date(),
    /**
     * More certificates a signer's certificate may be issued by: the NCA's issuing CA (pki/, seed 002),
     * whose certificate the NCA keeps in the same directory (issuing-ca.pem), read when verifying.
     */
    private readonly extraIssuers: () => Promise<string[]> = () => Promise.resolve([]),
    /** Where verify asks about revocation; none: revocation is not checked (the result has no `revocation`). */
    private readonly revocation?: RevocationSource,
  ) {}

  /** Loads the keys from `dir`, having the NCA issue them there first if they are missing or expiring. */
  static async fromDir(
    dir: string,
    now?: () => Date,
    opts: EnsurePkiOptions & { revocation?: RevocationSource } = {},
  ): Promise<LocalXmlSigner> {
    const ncaIssuing = async (): Promise<string[]> => {
      const pem = await fs.readFile(path.join(dir, 'issuing-ca.pem'), 'utf8').catch(() => null);
      return pem ? [pem] : [];
    };
    return new LocalXmlSigner(await ensureTestPki(dir, Date.now(), opts), now, ncaIssuing, opts.revocation);
  }

  get rootCertPem(): string {
    return this.pki.rootCertPem;
  }

  async sign(xml: string, opts: { signer?: SignerRole } = {}): Promise<SignedXml> {
    const key = this.pki.keys[opts.signer ?? 'provider'];
    const signedXml = signXml(xml, key);
    return { signedXml, signatureRef: signatureRefOf(signedXml), signerSubject: key.subject, signedAt: this.now().toISOString() };
  }

  async verify(signedXml: string, opts: VerifyOptions = {}): Promise<VerificationResult> {
    const result = verifyXml(signedXml, [this.pki.rootCertPem, ...(await this.extraIssuers())], this.now());
    if (!this.revocation || !result.integrity) return result;
    let cert: ReturnType<typeof signingCertificateOf>;
    try {
      cert = signingCertificateOf(signedXml);
    } catch {
      return result;
    }
    if (!cert) return result;
    return applyRevocation(result, await this.revocation(cert.toString()), opts.signedAt ?? this.now());
  }
}
