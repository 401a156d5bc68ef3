/**
 * XMLDSig core shared by the local signer and the NCANode simulator: one enveloped signature over the
 * whole document (Reference URI=""), exclusive canonicalization, RSA-SHA256, SHA-256 digest, the signing
 * certificate in KeyInfo/X509Data. The `ds:` prefix matches what NCANode produces and looks for.
 *
 * Verification is strict about shape so that a valid signature cannot be moved onto other content
 * (signature wrapping): exactly one Signature, a direct child of the document element, exactly one
 * Reference with URI="" and the enveloped-signature transform.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import type { VerificationResult } from './port';

export const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
export const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

export class XmlInputError extends Error {
  override readonly name = 'XmlInputError';
}

/** Parses strictly: any well-formedness error throws (xmldom only warns by default). */
export function parseXmlStrict(xml: string): Document {
  const errors: string[] = [];
  let doc: Document;
  try {
    doc = new DOMParser({
      onError: (level, msg) => {
        if (level !== 'warning') errors.push(msg);
      },
    }).parseFromString(xml, 'text/xml');
  } catch (e) {
    // xmldom throws on fatal errors (e.g. mismatched tags)
    throw new XmlInputError(`not well-formed XML: ${(e as Error).message}`);
  }
  if (errors.length > 0 || !doc.documentElement) {
    throw new XmlInputError(`not well-formed XML: ${errors[0] ?? 'no document element'}`);
  }
  return doc;
}

function signatureElements(doc: Document): Element[] {
  return Array.from(doc.getElementsByTagNameNS(XMLDSIG_NS, 'Signature'));
}

/**
 * Signs `xml` with an enveloped signature appended as the last child of the document element. KeyInfo
 * carries the signing certificate first, then `chainPem` (the issuing CA), so a verifier that trusts only
 * the root (xmlsec1 --trusted-pem root.pem) can build the path.
 */
export function signXml(xml: string, key: { keyPem: string; certPem: string; chainPem?: string }): string {
  const doc = parseXmlStrict(xml);
  if (signatureElements(doc).length > 0) throw new XmlInputError('the document is already signed');
  const sig = new SignedXml({
    privateKey: key.keyPem,
    publicCert: key.certPem.trimEnd() + '\n' + (key.chainPem ?? ''),
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
  });
  sig.addReference({ xpath: '/*', transforms: [ENVELOPED, EXC_C14N], digestAlgorithm: SHA256, isEmptyUri: true });
  sig.computeSignature(xml, { prefix: 'ds', location: { reference: '/*', action: 'append' } });
  return sig.getSignedXml();
}

/** Stable reference of a signature: SHA-256 of its SignatureValue bytes (kept in audit events). */
export function signatureRefOf(signedXml: string): string {
  const doc = parseXmlStrict(signedXml);
  const values = Array.from(doc.getElementsByTagNameNS(XMLDSIG_NS, 'SignatureValue'));
  if (values.length !== 1) throw new XmlInputError(`expected one SignatureValue, found ${values.length}`);
  const bytes = Buffer.from((values[0]?.textContent ?? '').replace(/\s+/g, ''), 'base64');
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** The certificates carried in KeyInfo, the signing certificate first (unparsable ones skipped). */
export function keyInfoCertificatesOf(signedXml: string): X509Certificate[] {
  const doc = parseXmlStrict(signedXml);
  const out: X509Certificate[] = [];
  for (const el of Array.from(doc.getElementsByTagNameNS(XMLDSIG_NS, 'X509Certificate'))) {
    const text = el.textContent?.replace(/\s+/g, '');
    if (!text) continue;
    try {
      out.push(new X509Certificate(Buffer.from(text, 'base64')));
    } catch {
      // not a certificate: the signing certificate check below reports what is missing
    }
  }
  return out;
}

/** The signing certificate carried in KeyInfo, or null. */
export function signingCertificateOf(signedXml: string): X509Certificate | null {
  const doc = parseXmlStrict(signedXml);
  const certs = Array.from(doc.getElementsByTagNameNS(XMLDSIG_NS, 'X509Certificate'));
  const text = certs[0]?.textContent?.replace(/\s+/g, '');
  if (!text) return null;
  try {
    return new X509Certificate(Buffer.from(text, 'base64'));
  } catch {
    return null;
  }
}

export function subjectOf(cert: X509Certificate): string {
  return cert.subject.replace(/\n/g, ', ');
}

/** ours: the longest path from a signing certificate to a trust anchor (root → issuing CA → leaf is 2). */
const MAX_PATH = 4;

/**
 * Checks the certificate against the trusted anchors: a path from it through `intermediates` (the CA
 * certificates KeyInfo carries, untrusted in themselves) to a certificate in `trustedRootsPem`, every
 * signature on the way verifying and every certificate within its validity at `now`.
 */
export function checkCertificate(
  cert: X509Certificate,
  trustedRootsPem: readonly string[],
  now: Date,
  intermediates: readonly X509Certificate[] = [],
): string[] {
  const reasons: string[] = [];
  const inValidity = (c: X509Certificate): boolean => Date.parse(c.validFrom) <= now.getTime() && now.getTime() <= Date.parse(c.validTo);
  if (!inValidity(cert)) reasons.push(`certificate is outside its validity (${cert.validFrom} – ${cert.validTo})`);
  const roots = trustedRootsPem.map((p) => new X509Certificate(p));
  const issuedBy = (child: X509Certificate, parent: X509Certificate): boolean =>
    child.checkIssued(parent) && child.verify(parent.publicKey);
  let current = cert;
  for (let depth = 0; depth <= MAX_PATH; depth++) {
    const anchor = roots.find((r) => issuedBy(current, r));
    if (anchor) {
      if (!inValidity(anchor)) reasons.push(`issuing root "${subjectOf(anchor)}" is outside its validity`);
      return reasons;
    }
    const next = intermediates.find((c) => c.ca && c.fingerprint256 !== current.fingerprint256 && issuedBy(current, c));
    if (!next) break;
    if (!inValidity(next)) reasons.push(`issuing CA "${subjectOf(next)}" is outside its validity`);
    current = next;
  }
  reasons.push(`certificate of "${subjectOf(cert)}" does not chain to a trusted root`);
  return reasons;
}

/** Full verification of a document signed by signXml (or NCANode): integrity, shape, certificate. */
export function verifyXml(signedXml: string, trustedRootsPem: readonly string[], now: Date = new Date()): VerificationResult {
  let doc: Document;
  try {
    doc = parseXmlStrict(signedXml);
  } catch (e) {
    return { valid: false, integrity: false, reasons: [(e as Error).message] };
  }
  const signatures = signatureElements(doc);
  if (signatures.length !== 1) {
    return {
      valid: false,
      integrity: false,
      reasons: [signatures.length === 0 ? 'the document carries no XML signature' : `expected one signature, found ${signatures.length}`],
    };
  }
  const signature = signatures[0] as Element;
  const reasons: string[] = [];
  if (signature.parentNode !== doc.documentElement) reasons.push('the signature is not enveloped in the document element');

  const references = Array.from(signature.getElementsByTagNameNS(XMLDSIG_NS, 'Reference'));
  const transforms = Array.from(signature.getElementsByTagNameNS(XMLDSIG_NS, 'Transform')).map((t) => t.getAttribute('Algorithm'));
  if (references.length !== 1 || references[0]?.getAttribute('URI') !== '')
    reasons.push('the signature must reference the whole document (one Reference, URI="")');
  if (!transforms.includes(ENVELOPED)) reasons.push('the signature lacks the enveloped-signature transform');

  const cert = signingCertificateOf(signedXml);
  if (!cert) return { valid: false, integrity: false, reasons: [...reasons, 'KeyInfo carries no X509 certificate'] };
  const signerSubject = subjectOf(cert);

  let integrity = false;
  try {
    const sig = new SignedXml({ publicCert: cert.toString(), getCertFromKeyInfo: () => null });
    sig.loadSignature(signature);
    integrity = sig.checkSignature(signedXml);
    if (!integrity) reasons.push('digest mismatch: the signed content was changed');
  } catch (e) {
    reasons.push((e as Error).message.replace(/the signature value \S+ is incorrect/, 'the signature value is incorrect'));
  }

  const certReasons = checkCertificate(cert, trustedRootsPem, now, keyInfoCertificatesOf(signedXml).slice(1));
  reasons.push(...certReasons);
  const certificateValid = certReasons.length === 0;
  return { valid: integrity && certificateValid && reasons.length === 0, integrity, signerSubject, certificateValid, reasons };
}
