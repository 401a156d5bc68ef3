/** The certificate status store in memory (tests, runs without a database). */
import type { RevokedEntry } from './authority';
import type { CertificateStatusStore, IssuedCertificate, Revocation, RevokeOutcome, StoredCrl } from './store';

export class InMemoryCertificateStatusStore implements CertificateStatusStore {
  private readonly certs = new Map<string, IssuedCertificate>();
  private readonly revocations: Revocation[] = [];
  private readonly crls: StoredCrl[] = [];

  recordIssued(c: IssuedCertificate): Promise<IssuedCertificate> {
    const existing = c.requestKey ? [...this.certs.values()].find((x) => x.requestKey === c.requestKey) : undefined;
    if (existing) return Promise.resolve({ ...existing });
    this.certs.set(c.serial, { ...c });
    return Promise.resolve({ ...c });
  }
  byRequestKey(key: string): Promise<IssuedCertificate | null> {
    const c = [...this.certs.values()].find((x) => x.requestKey === key);
    return Promise.resolve(c ? { ...c } : null);
  }
  get(serial: string): Promise<IssuedCertificate | null> {
    const c = this.certs.get(serial);
    return Promise.resolve(c ? { ...c } : null);
  }
  byHolder(q: { iin?: string; bin?: string }): Promise<IssuedCertificate[]> {
    return Promise.resolve(
      [...this.certs.values()]
        .filter((c) => (q.iin !== undefined && c.iin === q.iin) || (q.bin !== undefined && c.bin === q.bin))
        .map((c) => ({ ...c })),
    );
  }
  revoke(r: Revocation): Promise<RevokeOutcome> {
    if (this.revocations.some((x) => x.requestKey === r.requestKey && x.serial === r.serial)) return Promise.resolve('revoked');
    const c = this.certs.get(r.serial);
    if (!c) return Promise.resolve('unknown');
    if (c.status === 'revoked') return Promise.resolve('already-revoked');
    this.certs.set(r.serial, { ...c, status: 'revoked', revokedAt: r.revokedAt, revocationReason: r.reason });
    this.revocations.push({ ...r });
    return Promise.resolve('revoked');
  }
  revoked(): Promise<RevokedEntry[]> {
    return Promise.resolve(
      [...this.certs.values()]
        .filter((c) => c.status === 'revoked' && c.revokedAt && c.revocationReason)
        .map((c) => ({ serial: c.serial, revokedAt: c.revokedAt as Date, reason: c.revocationReason as RevokedEntry['reason'] })),
    );
  }
  revocationCount(): Promise<number> {
    return Promise.resolve(this.revocations.length);
  }
  latestCrl(): Promise<StoredCrl | null> {
    return Promise.resolve(this.crls.reduce<StoredCrl | null>((a, c) => (!a || c.number > a.number ? c : a), null));
  }
  saveCrl(crl: StoredCrl): Promise<'ok' | 'number-taken'> {
    if (this.crls.some((c) => c.number === crl.number)) return Promise.resolve('number-taken');
    this.crls.push(crl);
    return Promise.resolve('ok');
  }
  /** For tests: the audit rows. */
  audit(): Revocation[] {
    return this.revocations.map((r) => ({ ...r }));
  }
}
