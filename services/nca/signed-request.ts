/**
 * seed 002 ¶9: a portal repeat application (not Treasury-Client) and a portal revocation request are
 * electronic documents signed with the applicant's **currently valid** NCA certificate. Checked before
 * anything starts (a failure is the caller's 4xx, naming the problem): the XML signature, the certificate
 * issued by the NCA and within its validity now, not revoked, and holding the IIN (and BIN) of the request.
 */
import { signingCertificateOf, verifyXml } from '../../adapters/signer/xmldsig';
import type { CertificateProblem, NationalCertificationAuthority } from '../../pki/nca';

export type SignedRequestCheck =
  | { ok: true; serial: string }
  | { ok: false; problem: CertificateProblem | 'signature-invalid' | 'no-certificate'; message: string };

export async function checkSignedRequest(
  signedXml: string,
  nca: NationalCertificationAuthority,
  holder: { iin?: string; bin?: string },
  now: Date,
): Promise<SignedRequestCheck> {
  const result = verifyXml(signedXml, [nca.ca.issuing.certificate.toString('pem')], now);
  if (!result.integrity)
    return { ok: false, problem: 'signature-invalid', message: result.reasons.join('; ') || 'the XML signature does not verify' };
  const cert = signingCertificateOf(signedXml);
  if (!cert) return { ok: false, problem: 'no-certificate', message: 'the signature carries no X.509 certificate' };
  const check = await nca.checkAt(cert.toString(), now, holder);
  if (!check.ok) return { ok: false, problem: check.problem, message: check.message };
  return { ok: true, serial: check.certificate.serial };
}
