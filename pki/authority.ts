/**
 * The National Certification Authority's CA: a root CA and the issuing CA it certifies (ours: two levels,
 * as the real NCA has). It issues X.509 v3 certificates over applicants' public keys (seed 002 ¶6(1)),
 * signs CRLs v2 (¶6(2): "placing the serial number in the list of revoked certificates") and answers
 * OCSP requests (RFC 6960). Certificates with @peculiar/x509, OCSP with pkijs/asn1js: no hand-written ASN.1.
 *
 * Pure over its keys: no database. What is revoked is given to crl() and ocsp() by the caller
 * (pki/service.ts reads it from the certificate status store).
 */
import {
  asn1js,
  type Asn1js,
  type Pkijs,
  CA_KEY_ALGORITHM,
  crypto,
  type CryptoKeyPair,
  normalizeSerial,
  pkijs,
  toHex,
  x509,
} from './crypto';
import type { CaKeyMaterial, KeyStore } from './keystore';
import {
  ISSUING_CA_VALIDITY_YEARS,
  keyUsageFor,
  REGISTRATION_CERTIFICATE_POLICY_OID,
  ROOT_VALIDITY_YEARS,
  subjectName,
  validityEnd,
  type CertificateProfile,
  type CertificateSubject,
} from './profiles';

export const ROOT_CA_NAME = 'C=KZ, O=KZ Services Orchestrator (test PKI), CN=NCA RK Root CA (test)';
export const ISSUING_CA_NAME = 'C=KZ, O=KZ Services Orchestrator (test PKI), CN=NCA RK Issuing CA (test)';

/** Where relying parties find the CRL, the OCSP responder and the issuing CA's certificate (CDP, AIA). */
export interface AuthorityUrls {
  crl: string;
  ocsp: string;
  caIssuers: string;
}

export type RevocationReason = 'unspecified' | 'keyCompromise' | 'affiliationChanged' | 'superseded' | 'cessationOfOperation';
export const REVOCATION_REASONS: readonly RevocationReason[] = [
  'unspecified',
  'keyCompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
];

export interface RevokedEntry {
  serial: string;
  revokedAt: Date;
  reason: RevocationReason;
}

export type CertificateStatusAnswer =
  | { status: 'good' }
  | { status: 'revoked'; revokedAt: Date; reason: RevocationReason }
  | { status: 'unknown' };

export class CsrError extends Error {
  override readonly name = 'CsrError';
}

const SIGNING = { name: CA_KEY_ALGORITHM.name, hash: CA_KEY_ALGORITHM.hash } as const;

/** Positive 128-bit serial whose first octet is 01..7f (no leading zero, never negative). */
function newSerial(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[0] = ((b[0] ?? 1) & 0x7f) | 0x01;
  return toHex(b);
}

async function generateCaKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(CA_KEY_ALGORITHM, true, ['sign', 'verify']);
}

function skiOf(cert: x509.X509Certificate): string {
  const ext = cert.getExtension(x509.SubjectKeyIdentifierExtension);
  if (!ext) throw new Error(`CA certificate ${cert.subject} has no subjectKeyIdentifier`);
  return ext.keyId;
}

export interface IssueRequest {
  subject: CertificateSubject;
  /** SubjectPublicKeyInfo (DER) or a PEM "PUBLIC KEY". */
  publicKey: Uint8Array | string;
  profile: CertificateProfile;
  notBefore: Date;
  /** SSL: subjectAltName dNSName entries (A4/A5: domain and additional domains). */
  dnsNames?: string[];
  /** Override of the 1-year validity (the system's own signer keys). */
  notAfter?: Date;
}

export class CertificationAuthority {
  private constructor(
    readonly root: CaKeyMaterial,
    readonly issuing: CaKeyMaterial,
    readonly urls: AuthorityUrls,
  ) {}

  /**
   * Opens the CA from its key store, creating what is missing (the root, then the issuing CA under it).
   * Callers that can run in parallel processes serialise this (pki/setup.ts takes a directory lock).
   */
  static async open(store: KeyStore, urls: AuthorityUrls, now: Date = new Date()): Promise<CertificationAuthority> {
    let root = await store.load('root');
    if (!root) {
      const keys = (await store.generate?.('root')) ?? (await generateCaKeys());
      const certificate = await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: newSerial(),
        name: ROOT_CA_NAME,
        notBefore: now,
        notAfter: validityEnd(now, ROOT_VALIDITY_YEARS),
        keys,
        signingAlgorithm: SIGNING,
        extensions: [
          new x509.BasicConstraintsExtension(true, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
          await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        ],
      });
      root = { keys, certificate };
      await store.save('root', root);
    }
    let issuing = await store.load('issuing');
    if (!issuing) {
      const keys = (await store.generate?.('issuing')) ?? (await generateCaKeys());
      const certificate = await x509.X509CertificateGenerator.create({
        serialNumber: newSerial(),
        subject: ISSUING_CA_NAME,
        issuer: root.certificate.subject,
        notBefore: now,
        notAfter: validityEnd(now, ISSUING_CA_VALIDITY_YEARS),
        publicKey: keys.publicKey,
        signingKey: root.keys.privateKey,
        signingAlgorithm: SIGNING,
        extensions: [
          new x509.BasicConstraintsExtension(true, 0, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
          await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
          new x509.AuthorityKeyIdentifierExtension(skiOf(root.certificate)),
        ],
      });
      issuing = { keys, certificate };
      await store.save('issuing', issuing);
    }
    return new CertificationAuthority(root, issuing, urls);
  }

  /** The chain a relying party needs besides the leaf: issuing CA then root, PEM. */
  chainPem(): string {
    return `${this.issuing.certificate.toString('pem')}\n${this.root.certificate.toString('pem')}\n`;
  }

  async issue(req: IssueRequest): Promise<x509.X509Certificate> {
    const publicKey = new x509.PublicKey(typeof req.publicKey === 'string' ? x509.PemConverter.decodeFirst(req.publicKey) : req.publicKey);
    const rsa = (publicKey.algorithm as { name: string }).name.startsWith('RSA');
    const { usages, eku } = keyUsageFor(req.profile, rsa);
    const extensions: x509.Extension[] = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(usages, true),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
      new x509.AuthorityKeyIdentifierExtension(skiOf(this.issuing.certificate)),
      new x509.CertificatePolicyExtension([REGISTRATION_CERTIFICATE_POLICY_OID]),
      new x509.CRLDistributionPointsExtension([this.urls.crl]),
      new x509.AuthorityInfoAccessExtension({ ocsp: this.urls.ocsp, caIssuers: this.urls.caIssuers }),
    ];
    if (eku.length > 0) extensions.push(new x509.ExtendedKeyUsageExtension(eku, false));
    if (req.dnsNames && req.dnsNames.length > 0) {
      extensions.push(new x509.SubjectAlternativeNameExtension(req.dnsNames.map((value) => ({ type: 'dns' as const, value }))));
    }
    return x509.X509CertificateGenerator.create({
      serialNumber: newSerial(),
      subject: subjectName(req.subject),
      issuer: this.issuing.certificate.subject,
      notBefore: req.notBefore,
      notAfter: req.notAfter ?? validityEnd(req.notBefore),
      publicKey,
      signingKey: this.issuing.keys.privateKey,
      signingAlgorithm: SIGNING,
      extensions,
    });
  }

  /** CRL v2 of the issuing CA: reasonCode per entry, cRLNumber, thisUpdate/nextUpdate, AKI (§5.4). */
  async crl(params: { number: number; thisUpdate: Date; nextUpdate: Date; entries: RevokedEntry[] }): Promise<x509.X509Crl> {
    return x509.X509CrlGenerator.create({
      issuer: this.issuing.certificate.subject,
      thisUpdate: params.thisUpdate,
      nextUpdate: params.nextUpdate,
      signingKey: this.issuing.keys.privateKey,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.AuthorityKeyIdentifierExtension(skiOf(this.issuing.certificate)),
        // cRLNumber (RFC 5280 §5.2.3), an INTEGER
        new x509.Extension('2.5.29.20', false, new asn1js.Integer({ value: params.number }).toBER()),
      ],
      entries: params.entries.map((e) => ({
        serialNumber: e.serial,
        revocationDate: e.revokedAt,
        reason: x509.X509CrlReason[e.reason],
      })),
    });
  }

  /** Is this certificate ours (signed by the issuing CA) and within its validity at `at`? */
  async verifyIssued(cert: x509.X509Certificate, at: Date): Promise<'ok' | 'not-ours' | 'not-yet-valid' | 'expired'> {
    if (cert.issuer !== this.issuing.certificate.subject) return 'not-ours';
    const ok = await cert.verify({ publicKey: this.issuing.certificate.publicKey, signatureOnly: true }, crypto);
    if (!ok) return 'not-ours';
    if (at < cert.notBefore) return 'not-yet-valid';
    if (at > cert.notAfter) return 'expired';
    return 'ok';
  }

  /**
   * An OCSP response (RFC 6960) to a DER OCSPRequest, signed by the issuing CA itself (§4.2.2.2: the CA
   * may sign its own responses). Serials of another issuer → "unknown". A request that does not parse →
   * malformedRequest. The request's nonce is echoed.
   */
  async ocsp(requestDer: Uint8Array, lookup: (serial: string) => Promise<CertificateStatusAnswer>, now: Date): Promise<Uint8Array> {
    let request: Pkijs.OCSPRequest;
    try {
      request = pkijs.OCSPRequest.fromBER(requestDer);
    } catch {
      return new pkijs.OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: 1 }) })
        .toSchema()
        .toBER(false) as unknown as Uint8Array;
    }
    const issuer = pkijs.Certificate.fromBER(this.issuing.certificate.rawData);
    const nameDer = issuer.subject.toSchema().toBER(false);
    const keyBits = issuer.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
    const basic = new pkijs.BasicOCSPResponse();
    basic.tbsResponseData.responderID = issuer.subject;
    basic.tbsResponseData.producedAt = now;
    for (const item of request.tbsRequest.requestList) {
      const certId = item.reqCert;
      const hashName = hashNameOf(certId.hashAlgorithm.algorithmId);
      let answer: CertificateStatusAnswer = { status: 'unknown' };
      if (hashName) {
        const nameHash = toHex(await crypto.subtle.digest(hashName, nameDer));
        const keyHash = toHex(await crypto.subtle.digest(hashName, keyBits));
        const ours =
          nameHash === toHex(certId.issuerNameHash.valueBlock.valueHexView) &&
          keyHash === toHex(certId.issuerKeyHash.valueBlock.valueHexView);
        if (ours) answer = await lookup(normalizeSerial(toHex(certId.serialNumber.valueBlock.valueHexView)));
      }
      basic.tbsResponseData.responses.push(
        new pkijs.SingleResponse({
          certID: certId,
          certStatus: certStatusOf(answer),
          thisUpdate: now,
          nextUpdate: new Date(now.getTime() + 3600_000),
        }),
      );
    }
    const nonce = request.tbsRequest.requestExtensions?.find((e: Pkijs.Extension) => e.extnID === '1.3.6.1.5.5.7.48.1.2');
    if (nonce) basic.tbsResponseData.responseExtensions = [nonce];
    basic.certs = [issuer];
    await basic.sign(this.issuing.keys.privateKey, 'SHA-256');
    const response = new pkijs.OCSPResponse({
      responseStatus: new asn1js.Enumerated({ value: 0 }),
      responseBytes: new pkijs.ResponseBytes({
        responseType: '1.3.6.1.5.5.7.48.1.1',
        response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER(false) }),
      }),
    });
    return new Uint8Array(response.toSchema().toBER(false));
  }
}

function hashNameOf(oid: string): string | null {
  return (
    {
      '1.3.14.3.2.26': 'SHA-1',
      '2.16.840.1.101.3.4.2.1': 'SHA-256',
      '2.16.840.1.101.3.4.2.2': 'SHA-384',
      '2.16.840.1.101.3.4.2.3': 'SHA-512',
    }[oid] ?? null
  );
}

/** CertStatus CHOICE (RFC 6960 §4.2.1): good [0] NULL, revoked [1] RevokedInfo, unknown [2] NULL. */
function certStatusOf(a: CertificateStatusAnswer): Asn1js.BaseBlock {
  if (a.status === 'revoked') {
    return new asn1js.Constructed({
      idBlock: { tagClass: 3, tagNumber: 1 },
      value: [
        new asn1js.GeneralizedTime({ valueDate: a.revokedAt }),
        new asn1js.Constructed({
          idBlock: { tagClass: 3, tagNumber: 0 },
          value: [new asn1js.Enumerated({ value: x509.X509CrlReason[a.reason] })],
        }),
      ],
    });
  }
  return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: a.status === 'good' ? 0 : 2 } });
}

/** A PKCS#10 request (A4/A5 "PKCS#10 request in Base64"): parsed, its self-signature verified, its names read. */
export async function readCsr(text: string): Promise<{ publicKey: Uint8Array; commonName: string | null; dnsNames: string[] }> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    const t = text.trim();
    csr = new x509.Pkcs10CertificateRequest(t.startsWith('-----') ? t : Buffer.from(t.replace(/\s+/g, ''), 'base64'));
  } catch (e) {
    throw new CsrError(`not a PKCS#10 request: ${(e as Error).message}`);
  }
  if (!(await csr.verify(crypto))) throw new CsrError('the PKCS#10 self-signature does not verify');
  const san = csr.extensions.find((e): e is x509.SubjectAlternativeNameExtension => e instanceof x509.SubjectAlternativeNameExtension);
  const dnsNames = san ? san.names.items.filter((n) => n.type === 'dns').map((n) => n.value.toLowerCase()) : [];
  const cn = csr.subjectName.getField('CN')[0] ?? null;
  return { publicKey: new Uint8Array(csr.publicKey.rawData), commonName: cn ? cn.toLowerCase() : null, dnsNames };
}

/** PEM as OpenSSL reads it ("X509 CRL"; @peculiar/x509 labels it "CRL"). */
export function crlPem(crl: x509.X509Crl): string {
  return x509.PemConverter.encode(crl.rawData, 'X509 CRL') + '\n';
}
