/**
 * The certificate status store (the read-model database): every certificate the NCA issued, its status,
 * each revocation with its audit row, and the CRLs published. `CertificateStatusStore` is the port;
 * ./store-memory.ts and ./store-prisma.ts (SQLite, PostgreSQL) implement it and pass
 * test/pki/store-contract.ts.
 */
import type { RevocationReason, RevokedEntry } from './authority';
import type { CertificateProfile } from './profiles';

export interface IssuedCertificate {
  /** Lower-case hex (crypto.ts normalizeSerial). */
  serial: string;
  profile: CertificateProfile;
  subject: string;
  iin: string | null;
  bin: string | null;
  notBefore: Date;
  notAfter: Date;
  certPem: string;
  issuedAt: Date;
  /** The case that issued it (workflow id), or 'system' for the orchestrator's own signer keys. */
  caseId: string | null;
  /** Idempotency: a retried issue finds its certificate instead of making another. */
  requestKey: string | null;
  status: 'good' | 'revoked';
  revokedAt: Date | null;
  revocationReason: RevocationReason | null;
}

/** The audit row written with the status change (one transaction). */
export interface Revocation {
  serial: string;
  revokedAt: Date;
  reason: RevocationReason;
  /** Who: staff subject, applicant subject, or 'system'. */
  actor: string;
  /** seed 002 §2.5: 'application' (A7/A8 or a signed portal request) or 'dismissal-order'. */
  basis: string;
  caseId: string | null;
  requestKey: string;
}

export interface StoredCrl {
  number: number;
  thisUpdate: Date;
  nextUpdate: Date;
  der: Uint8Array;
}

export type RevokeOutcome = 'revoked' | 'already-revoked' | 'unknown';

export interface CertificateStatusStore {
  /** Inserts; a certificate with the same requestKey already stored is returned instead. */
  recordIssued(c: IssuedCertificate): Promise<IssuedCertificate>;
  byRequestKey(key: string): Promise<IssuedCertificate | null>;
  get(serial: string): Promise<IssuedCertificate | null>;
  /** Certificates whose subject carries this IIN or this BIN. */
  byHolder(q: { iin?: string; bin?: string }): Promise<IssuedCertificate[]>;
  /** Status → revoked and the audit row, in one transaction. A retried request (same key) → 'revoked' again. */
  revoke(r: Revocation): Promise<RevokeOutcome>;
  revoked(): Promise<RevokedEntry[]>;
  /**
   * How many revocations were ever recorded: grows by one with every revocation, in the revocation's own
   * transaction (its audit row), and never shrinks (audit rows are not deleted). Cheap to read: the
   * system signers (./system-signers.ts) read it before each signature and ask a certificate's status
   * again only when it changed.
   */
  revocationCount(): Promise<number>;
  latestCrl(): Promise<StoredCrl | null>;
  /** 'number-taken': another process published that cRLNumber first; nothing written. */
  saveCrl(crl: StoredCrl): Promise<'ok' | 'number-taken'>;
}
