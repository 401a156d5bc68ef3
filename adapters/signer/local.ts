/**
 * LocalXmlSigner: the embedded default DocumentSigner. Real RSA keys and X.509 certificates issued by the
 * NCA's CA into config.adapters.signingKeysDir (on first use, see pki.ts); real XMLDSig that an
 * independent verifier (xmlsec1) accepts.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DocumentSigner, SignedXml, VerificationResult } from './port';
import { ensureTestPki, type EnsurePkiOptions, type PkiMaterial, type SignerRole } from './pki';
import { signatureRefOf, signXml, verifyXml } from './xmldsig';

export class LocalXmlSigner implements DocumentSigner {
  constructor(
    private readonly pki: PkiMaterial,
    private readonly now: () => Date = () => new Date(),
    /**
     * More certificates a signer's certificate may be issued by: the NCA's issuing CA (pki/, seed 002),
     * whose certificate the NCA keeps in the same directory (issuing-ca.pem), read when verifying.
     */
    private readonly extraIssuers: () => Promise<string[]> = () => Promise.resolve([]),
  ) {}

  /** Loads the keys from `dir`, having the NCA issue them there first if they are missing or expiring. */
  static async fromDir(dir: string, now?: () => Date, opts: EnsurePkiOptions = {}): Promise<LocalXmlSigner> {
    const ncaIssuing = async (): Promise<string[]> => {
      const pem = await fs.readFile(path.join(dir, 'issuing-ca.pem'), 'utf8').catch(() => null);
      return pem ? [pem] : [];
    };
    return new LocalXmlSigner(await ensureTestPki(dir, Date.now(), opts), now, ncaIssuing);
  }

  get rootCertPem(): string {
    return this.pki.rootCertPem;
  }

  async sign(xml: string, opts: { signer?: SignerRole } = {}): Promise<SignedXml> {
    const key = this.pki.keys[opts.signer ?? 'provider'];
    const signedXml = signXml(xml, key);
    return { signedXml, signatureRef: signatureRefOf(signedXml), signerSubject: key.subject, signedAt: this.now().toISOString() };
  }

  async verify(signedXml: string): Promise<VerificationResult> {
    return verifyXml(signedXml, [this.pki.rootCertPem, ...(await this.extraIssuers())], this.now());
  }
}
