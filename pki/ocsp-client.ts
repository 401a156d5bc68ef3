/**
 * Asking an OCSP responder (RFC 6960) about one certificate, as a relying party does: the NCANode
 * simulator asks the NCA's responder this way (as the real NCANode asks ocsp.pki.gov.kz). The request and
 * the response are built and read with pkijs; the response's signature is checked against the issuer
 * (the NCA signs its own answers, §4.2.2.2), so a forged "good" is refused.
 */
import { asn1js, type Asn1js, crypto, normalizeSerial, pkijs, toHex, x509 } from './crypto';
import type { CertificateStatusAnswer, RevocationReason } from './authority';

export class OcspQueryError extends Error {
  override readonly name = 'OcspQueryError';
}

const REASONS: Record<number, RevocationReason> = {
  0: 'unspecified',
  1: 'keyCompromise',
  3: 'affiliationChanged',
  4: 'superseded',
  5: 'cessationOfOperation',
};

/** The OCSP responder URL named in a certificate's AIA, if any. */
export function ocspUrlOf(certPem: string): string | null {
  const aia = new x509.X509Certificate(certPem).getExtension(x509.AuthorityInfoAccessExtension);
  const ocsp = aia?.ocsp.find((n) => n.type === 'url');
  return ocsp ? ocsp.value : null;
}

/** The CRL distribution point named in a certificate, if any. */
export function crlUrlOf(certPem: string): string | null {
  const cdp = new x509.X509Certificate(certPem).getExtension(x509.CRLDistributionPointsExtension);
  for (const dp of cdp?.distributionPoints ?? []) {
    const name = dp.distributionPoint?.fullName?.find((n) => n.uniformResourceIdentifier);
    if (name?.uniformResourceIdentifier) return name.uniformResourceIdentifier;
  }
  return null;
}

function certStatusOf(block: Asn1js.BaseBlock): CertificateStatusAnswer {
  const tag = block.idBlock.tagNumber;
  if (tag === 0) return { status: 'good' };
  if (tag !== 1) return { status: 'unknown' };
  // RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
  const parts = (block as Asn1js.Constructed).valueBlock.value;
  const time = parts[0];
  const revokedAt = time instanceof asn1js.GeneralizedTime ? time.toDate() : new Date(NaN);
  const reasonBlock = (parts[1] as Asn1js.Constructed | undefined)?.valueBlock.value[0];
  const code = reasonBlock instanceof asn1js.Enumerated ? reasonBlock.valueBlock.valueDec : 0;
  return { status: 'revoked', revokedAt, reason: REASONS[code] ?? 'unspecified' };
}

/**
 * POSTs an OCSP request for `certPem` (issued by `issuerPem`) to `url` and returns the responder's
 * verified answer. Network failures, non-successful responses and bad signatures → OcspQueryError.
 */
export async function queryOcsp(
  certPem: string,
  issuerPem: string,
  url: string,
  opts: { timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<CertificateStatusAnswer> {
  const cert = pkijs.Certificate.fromBER(new x509.X509Certificate(certPem).rawData);
  const issuer = pkijs.Certificate.fromBER(new x509.X509Certificate(issuerPem).rawData);
  const request = new pkijs.OCSPRequest();
  await request.createForCertificate(cert, { hashAlgorithm: 'SHA-256', issuerCertificate: issuer });
  const nonce = crypto.getRandomValues(new Uint8Array(16));
  request.tbsRequest.requestExtensions = [
    new pkijs.Extension({ extnID: '1.3.6.1.5.5.7.48.1.2', extnValue: new asn1js.OctetString({ valueHex: nonce }).toBER(false) }),
  ];
  let body: ArrayBuffer;
  try {
    const res = await (opts.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
      body: Buffer.from(request.toSchema(true).toBER(false)),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    if (!res.ok) throw new OcspQueryError(`OCSP responder ${url} answered ${res.status}`);
    body = await res.arrayBuffer();
  } catch (e) {
    if (e instanceof OcspQueryError) throw e;
    throw new OcspQueryError(`OCSP responder ${url} unreachable: ${(e as Error).message}`);
  }
  let basic: InstanceType<typeof pkijs.BasicOCSPResponse>;
  try {
    const response = pkijs.OCSPResponse.fromBER(body);
    const status = response.responseStatus.valueBlock.valueDec;
    if (status !== 0 || !response.responseBytes) throw new OcspQueryError(`OCSP responder ${url} answered responseStatus ${status}`);
    basic = pkijs.BasicOCSPResponse.fromBER(response.responseBytes.response.valueBlock.valueHexView);
  } catch (e) {
    if (e instanceof OcspQueryError) throw e;
    throw new OcspQueryError(`OCSP responder ${url} sent an unreadable answer: ${(e as Error).message}`);
  }
  let verified = false;
  try {
    // The issuer signs for itself (the NCA's responder, §4.2.2.2); the caller has already checked the
    // issuer's own path to the root, so it is trusted as the responder outright.
    verified = await basic.verify({ trustedResponders: [issuer], issuerCerts: [issuer] });
  } catch (e) {
    throw new OcspQueryError(`OCSP answer from ${url} not signed by the issuer: ${(e as Error).message}`);
  }
  if (!verified) throw new OcspQueryError(`OCSP answer from ${url}: the signature does not verify`);
  const echoed = basic.tbsResponseData.responseExtensions?.find((e) => e.extnID === '1.3.6.1.5.5.7.48.1.2');
  if (echoed && toHex(echoed.extnValue.valueBlock.valueHexView) !== toHex(new asn1js.OctetString({ valueHex: nonce }).toBER(false))) {
    throw new OcspQueryError(`OCSP answer from ${url} carries another request's nonce`);
  }
  const serial = normalizeSerial(toHex(cert.serialNumber.valueBlock.valueHexView));
  const single = basic.tbsResponseData.responses.find(
    (r) => normalizeSerial(toHex(r.certID.serialNumber.valueBlock.valueHexView)) === serial,
  );
  if (!single) throw new OcspQueryError(`OCSP answer from ${url} says nothing about serial ${serial}`);
  return certStatusOf(single.certStatus as Asn1js.BaseBlock);
}
