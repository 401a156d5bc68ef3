/**
 * The National Certification Authority as the rest of the system uses it: the CA (./authority.ts) over
 * the certificate status store (./store.ts). Issue records every certificate; revoke changes its status
 * with the audit row and publishes a new CRL at once (seed 002 ¶6(2)); the CRL and OCSP answers are
 * computed from the store; statusAt answers "was this certificate valid and unrevoked at that moment"
 * for the document verifier and for signed portal requests (seed 002 ¶9: "currently valid ECDS").
 */
import { type CertificationAuthority, CsrError, type CertificateStatusAnswer, type IssueRequest, type RevocationReason } from './authority';
import { normalizeSerial, x509 } from './crypto';
import { CRL_VALIDITY_MS, subjectIds } from './profiles';
import type { CertificateStatusStore, IssuedCertificate, RevokeOutcome, StoredCrl } from './store';

export { CsrError };

/** Why a certificate presented as "currently valid" is not (seed 002 ¶9 repeat application, revocation request). */
export type CertificateProblem = 'not-issued-by-nca' | 'not-yet-valid' | 'expired' | 'revoked' | 'unknown-to-nca' | 'other-holder';

export type CertificateCheck =
  | { ok: true; certificate: IssuedCertificate }
  | { ok: false; problem: CertificateProblem; message: string; revokedAt?: Date; reason?: RevocationReason };

export class NationalCertificationAuthority {
  constructor(
    readonly ca: CertificationAuthority,
    readonly store: CertificateStatusStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Issues and records a certificate; a retry with the same requestKey returns the first one. */
  async issue(req: IssueRequest & { requestKey: string; caseId: string | null }): Promise<IssuedCertificate> {
    const existing = await this.store.byRequestKey(req.requestKey);
    if (existing) return existing;
    const cert = await this.ca.issue(req);
    return this.register(cert, { profile: req.profile, requestKey: req.requestKey, caseId: req.caseId });
  }

  /**
   * Records a certificate the CA issued (issue() above, or the system's own signer keys issued at setup,
   * pki/system-signers.ts); a second call with the same requestKey returns the first record.
   */
  async register(
    cert: x509.X509Certificate,
    r: { requestKey: string; caseId: string | null; profile?: IssuedCertificate['profile'] },
  ): Promise<IssuedCertificate> {
    const existing = await this.store.byRequestKey(r.requestKey);
    if (existing) return existing;
    const ids = subjectIds(cert);
    return this.store.recordIssued({
      serial: normalizeSerial(cert.serialNumber),
      profile: r.profile ?? 'signing',
      subject: cert.subject,
      iin: ids.iin ?? null,
      bin: ids.bin ?? null,
      notBefore: cert.notBefore,
      notAfter: cert.notAfter,
      certPem: cert.toString('pem') + '\n',
      issuedAt: this.clock(),
      caseId: r.caseId,
      requestKey: r.requestKey,
      status: 'good',
      revokedAt: null,
      revocationReason: null,
    });
  }

  /** Revokes (status + audit row in one transaction), then publishes a new CRL listing the serial. */
  async revoke(r: {
    serial: string;
    reason: RevocationReason;
    actor: string;
    basis: string;
    caseId: string | null;
    requestKey: string;
    at?: Date;
  }): Promise<RevokeOutcome> {
    // `at` is not a column of the audit row: the store gets it as revokedAt (Prisma refuses unknown fields).
    const { at, ...rest } = r;
    const outcome = await this.store.revoke({ ...rest, serial: normalizeSerial(r.serial), revokedAt: at ?? this.clock() });
    if (outcome === 'revoked') await this.publishCrl();
    return outcome;
  }

  /** Signs and stores a CRL with the next cRLNumber over every revoked certificate. */
  async publishCrl(): Promise<StoredCrl> {
    for (let attempt = 0; ; attempt++) {
      const latest = await this.store.latestCrl();
      const thisUpdate = this.clock();
      const number = (latest?.number ?? 0) + 1;
      const crl = await this.ca.crl({
        number,
        thisUpdate,
        nextUpdate: new Date(thisUpdate.getTime() + CRL_VALIDITY_MS),
        entries: await this.store.revoked(),
      });
      const stored: StoredCrl = {
        number,
        thisUpdate: crl.thisUpdate,
        nextUpdate: crl.nextUpdate ?? thisUpdate,
        der: new Uint8Array(crl.rawData),
      };
      if ((await this.store.saveCrl(stored)) === 'ok') return stored;
      if (attempt > 5) throw new Error('could not publish a CRL: cRLNumber taken six times in a row');
    }
  }

  /** The CRL served at the distribution point: the newest, or a new one when none is current. */
  async currentCrl(): Promise<StoredCrl> {
    const latest = await this.store.latestCrl();
    if (latest && latest.nextUpdate.getTime() - this.clock().getTime() > CRL_VALIDITY_MS / 4) return latest;
    return this.publishCrl();
  }

  async status(serial: string): Promise<CertificateStatusAnswer> {
    const c = await this.store.get(normalizeSerial(serial));
    if (!c) return { status: 'unknown' };
    if (c.status === 'revoked' && c.revokedAt && c.revocationReason)
      return { status: 'revoked', revokedAt: c.revokedAt, reason: c.revocationReason };
    return { status: 'good' };
  }

  /**
   * A signer's revocation source (adapters/signer/revocation.ts): the status of a certificate this CA
   * issued, as its OCSP responder would answer; another issuer's → unknown.
   */
  async revocationStatus(
    certPem: string,
  ): Promise<{ status: 'good' } | { status: 'revoked'; revokedAt: Date; reason: string } | { status: 'unknown'; message: string }> {
    let cert: x509.X509Certificate;
    try {
      cert = new x509.X509Certificate(certPem);
    } catch {
      return { status: 'unknown', message: 'not an X.509 certificate' };
    }
    if ((await this.ca.verifyIssued(cert, cert.notBefore)) === 'not-ours')
      return { status: 'unknown', message: `certificate ${cert.subject} was not issued by the NCA: no revocation status` };
    const answer = await this.status(cert.serialNumber);
    return answer.status === 'unknown'
      ? { status: 'unknown', message: `serial ${cert.serialNumber} is not in the NCA's register` }
      : answer;
  }

  /**
   * Grows with every revocation this NCA records, by any process on its database (the store's
   * revocationCount): a signer that saw it unchanged knows no certificate was revoked in between.
   */
  revocationMarker(): Promise<number> {
    return this.store.revocationCount();
  }

  async ocsp(requestDer: Uint8Array): Promise<Uint8Array> {
    return this.ca.ocsp(requestDer, (serial) => this.status(serial), this.clock());
  }

  /**
   * Was `certPem` an NCA certificate valid and not revoked at `at`, held by this IIN/BIN (when given)?
   * A certificate revoked after `at` was good at `at` (the verifier's "signed before the revocation").
   */
  async checkAt(certPem: string, at: Date, holder?: { iin?: string; bin?: string }): Promise<CertificateCheck> {
    let cert: x509.X509Certificate;
    try {
      cert = new x509.X509Certificate(certPem);
    } catch {
      return { ok: false, problem: 'not-issued-by-nca', message: 'not an X.509 certificate' };
    }
    const verdict = await this.ca.verifyIssued(cert, at);
    if (verdict === 'not-ours')
      return { ok: false, problem: 'not-issued-by-nca', message: `certificate ${cert.subject} was not issued by the NCA` };
    if (verdict === 'expired') return { ok: false, problem: 'expired', message: `certificate expired at ${cert.notAfter.toISOString()}` };
    if (verdict === 'not-yet-valid')
      return { ok: false, problem: 'not-yet-valid', message: `certificate valid only from ${cert.notBefore.toISOString()}` };
    const record = await this.store.get(normalizeSerial(cert.serialNumber));
    if (!record) return { ok: false, problem: 'unknown-to-nca', message: `serial ${cert.serialNumber} is not in the NCA's register` };
    if (record.status === 'revoked' && record.revokedAt && record.revokedAt <= at) {
      return {
        ok: false,
        problem: 'revoked',
        message: `certificate revoked at ${record.revokedAt.toISOString()} (${record.revocationReason ?? 'unspecified'})`,
        revokedAt: record.revokedAt,
        ...(record.revocationReason ? { reason: record.revocationReason } : {}),
      };
    }
    if (holder) {
      const ids = subjectIds(cert);
      if ((holder.iin !== undefined && ids.iin !== holder.iin) || (holder.bin !== undefined && ids.bin !== holder.bin)) {
        return { ok: false, problem: 'other-holder', message: 'the certificate belongs to another IIN/BIN than the request names' };
      }
    }
    return { ok: true, certificate: record };
  }

  /** For the document verifier (register/routes.ts SignerStatus): the NCA's word on a signing certificate at the signing time. */
  async signerStatusAt(
    certPem: string,
    signedAt: Date,
  ): Promise<
    | { kind: 'not-issued-by-nca' }
    | { kind: 'good'; revokedLater?: { revokedAt: Date; reason: string } }
    | { kind: 'revoked'; revokedAt: Date; reason: string }
    | { kind: 'invalid'; message: string }
  > {
    const check = await this.checkAt(certPem, signedAt);
    if (check.ok) {
      const c = check.certificate;
      return c.status === 'revoked' && c.revokedAt
        ? { kind: 'good', revokedLater: { revokedAt: c.revokedAt, reason: c.revocationReason ?? 'unspecified' } }
        : { kind: 'good' };
    }
    if (check.problem === 'not-issued-by-nca') return { kind: 'not-issued-by-nca' };
    if (check.problem === 'revoked' && check.revokedAt)
      return { kind: 'revoked', revokedAt: check.revokedAt, reason: check.reason ?? 'unspecified' };
    return { kind: 'invalid', message: `signing certificate at the signing time ${signedAt.toISOString()}: ${check.message}` };
  }
}
