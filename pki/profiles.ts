/**
 * Certificate profiles of the National Certification Authority (seed 002 ¶6, the forms A1–A6; the
 * profile table in ../shared/docs §5.4). What is law and what is ours is said at each constant.
 */
import { x509 } from './crypto';

/** seed 002 A1, A2, A4, A5, A6: "validity of the registration certificates: 1 year". */
export const CERTIFICATE_VALIDITY_YEARS = 1;
/** ours: a CRL is valid for one day; every revocation publishes a new one at once (¶6(2)). */
export const CRL_VALIDITY_MS = 24 * 3600 * 1000;
/** ours: how long an OCSP answer may be cached by a relying party. */
export const OCSP_VALIDITY_MS = 3600 * 1000;
/** ours: the root CA and the issuing CA. */
export const ROOT_VALIDITY_YEARS = 20;
export const ISSUING_CA_VALIDITY_YEARS = 10;
/** ours: the OID of the registration-certificate policy the applicant accepts (A1–A6 "I have read the policy"). */
export const REGISTRATION_CERTIFICATE_POLICY_OID = '1.2.398.3.3.2.1';

export const PROFILES = ['signing', 'authentication', 'ssl'] as const;
export type CertificateProfile = (typeof PROFILES)[number];

/**
 * Key usages (ours, §5.4): the law names only "signature" and "authentication" keys (A1) and SSL (A4/A5).
 * keyEncipherment only for RSA keys (an ECDSA key cannot encipher).
 */
export function keyUsageFor(profile: CertificateProfile, rsa: boolean): { usages: number; eku: string[] } {
  const F = x509.KeyUsageFlags;
  switch (profile) {
    case 'signing':
      return { usages: F.digitalSignature | F.nonRepudiation, eku: [] };
    case 'authentication':
      return { usages: F.digitalSignature | (rsa ? F.keyEncipherment : 0), eku: [x509.ExtendedKeyUsage.clientAuth] };
    case 'ssl':
      return { usages: F.digitalSignature | (rsa ? F.keyEncipherment : 0), eku: [x509.ExtendedKeyUsage.serverAuth] };
  }
}

/** notAfter = notBefore + 1 calendar year (UTC); 29 Feb → 1 Mar. seed 002 A1 "1 жыл". */
export function validityEnd(notBefore: Date, years = CERTIFICATE_VALIDITY_YEARS): Date {
  const d = new Date(notBefore.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

/** Who a certificate is for: the form fields that go into the subject (A1, A2, A4–A6). */
export interface CertificateSubject {
  commonName: string;
  surname?: string;
  givenName?: string;
  /** Individual identification number (ЖСН/ИИН). ours: in serialNumber as "IIN…", as the real NCA does. */
  iin?: string;
  /** Business identification number (БСН/БИН), legal entities. ours: OU = "BIN…". */
  bin?: string;
  organization?: string;
  email?: string;
  /** A6: ММ/МБС code and role of a Treasury-Client participant. ours: description and title. */
  treasuryCode?: string;
  treasuryRole?: string;
}

const OID = {
  C: '2.5.4.6',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
  SN: '2.5.4.4',
  G: '2.5.4.42',
  serialNumber: '2.5.4.5',
  title: '2.5.4.12',
  description: '2.5.4.13',
  email: '1.2.840.113549.1.9.1',
} as const;

export function subjectName(s: CertificateSubject): x509.Name {
  const rdns: Array<Record<string, string[]>> = [{ [OID.C]: ['KZ'] }];
  if (s.organization) rdns.push({ [OID.O]: [s.organization] });
  if (s.bin) rdns.push({ [OID.OU]: [`BIN${s.bin}`] });
  rdns.push({ [OID.CN]: [s.commonName] });
  if (s.surname) rdns.push({ [OID.SN]: [s.surname] });
  if (s.givenName) rdns.push({ [OID.G]: [s.givenName] });
  if (s.iin) rdns.push({ [OID.serialNumber]: [`IIN${s.iin}`] });
  if (s.treasuryRole) rdns.push({ [OID.title]: [s.treasuryRole] });
  if (s.treasuryCode) rdns.push({ [OID.description]: [`MM/MBS ${s.treasuryCode}`] });
  if (s.email) rdns.push({ [OID.email]: [s.email] });
  return new x509.Name(rdns);
}

/** The IIN and BIN a certificate's subject carries (for "same IIN/BIN" checks on signed requests). */
export function subjectIds(cert: x509.X509Certificate): { iin?: string; bin?: string } {
  const n = cert.subjectName;
  const iin = n
    .getField(OID.serialNumber)
    .find((v) => v.startsWith('IIN'))
    ?.slice(3);
  const bin = n
    .getField(OID.OU)
    .find((v) => v.startsWith('BIN'))
    ?.slice(3);
  return { ...(iin ? { iin } : {}), ...(bin ? { bin } : {}) };
}
