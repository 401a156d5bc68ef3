/**
 * Certificates in text: the NCA's result documents carry the issued certificate as PEM inside their XML
 * body (services/nca), and the tests, the e2e checks and the fault suite take it out from there to hand it
 * to openssl or node:crypto. One pattern for all of them, so a change of the document's layout is met in
 * one place.
 */

/** One PEM-encoded X.509 certificate, armour lines included (the shortest match: the first of several). */
export const CERTIFICATE_PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/** The first PEM certificate in `text` (armour lines included, no trailing newline), or undefined. */
export function firstCertificatePem(text: string): string | undefined {
  return CERTIFICATE_PEM.exec(text)?.[0];
}
