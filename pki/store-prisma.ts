/**
 * The certificate status store on Prisma (SQLite and PostgreSQL). A revocation changes the certificate's
 * status and appends its audit row in one transaction (seed 002 ¶6(2); the house rule: a status change
 * and its audit row together).
 */
import type { Prisma, PrismaClient } from '../prisma/generated/sqlite';
import { REVOCATION_REASONS, type RevocationReason, type RevokedEntry } from './authority';
import { PROFILES } from './profiles';
import type { CertificateStatusStore, IssuedCertificate, Revocation, RevokeOutcome, StoredCrl } from './store';
import { prismaCode } from '../persistence/outage';

type Row = Prisma.NcaCertificateGetPayload<object>;

function reasonOf(s: string | null): RevocationReason | null {
  if (s === null) return null;
  const r = REVOCATION_REASONS.find((x) => x === s);
  if (!r) throw new Error(`nca_certificate: unknown revocation reason ${s}`);
  return r;
}

function out(r: Row): IssuedCertificate {
  const profile = PROFILES.find((p) => p === r.profile);
  if (!profile) throw new Error(`nca_certificate ${r.serial}: unknown profile ${r.profile}`);
  return {
    serial: r.serial,
    profile: profile,
    subject: r.subject,
    iin: r.iin,
    bin: r.bin,
    notBefore: r.notBefore,
    notAfter: r.notAfter,
    certPem: r.certPem,
    issuedAt: r.issuedAt,
    caseId: r.caseId,
    requestKey: r.requestKey,
    status: r.status === 'revoked' ? 'revoked' : 'good',
    revokedAt: r.revokedAt,
    revocationReason: reasonOf(r.revocationReason),
  };
}

export class PrismaCertificateStatusStore implements CertificateStatusStore {
  constructor(private readonly prisma: PrismaClient) {}

  async recordIssued(c: IssuedCertificate): Promise<IssuedCertificate> {
    try {
      return out(await this.prisma.ncaCertificate.create({ data: { ...c } }));
    } catch (e) {
      if (prismaCode(e) === 'P2002' && c.requestKey) {
        const existing = await this.byRequestKey(c.requestKey);
        if (existing) return existing;
      }
      throw e;
    }
  }

  async byRequestKey(key: string): Promise<IssuedCertificate | null> {
    const r = await this.prisma.ncaCertificate.findUnique({ where: { requestKey: key } });
    return r ? out(r) : null;
  }

  async get(serial: string): Promise<IssuedCertificate | null> {
    const r = await this.prisma.ncaCertificate.findUnique({ where: { serial } });
    return r ? out(r) : null;
  }

  async byHolder(q: { iin?: string; bin?: string }): Promise<IssuedCertificate[]> {
    const or: Prisma.NcaCertificateWhereInput[] = [];
    if (q.iin !== undefined) or.push({ iin: q.iin });
    if (q.bin !== undefined) or.push({ bin: q.bin });
    if (or.length === 0) return [];
    return (await this.prisma.ncaCertificate.findMany({ where: { OR: or }, orderBy: { issuedAt: 'asc' } })).map(out);
  }

  async revoke(r: Revocation): Promise<RevokeOutcome> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const done = await tx.ncaRevocation.findUnique({ where: { serial_requestKey: { serial: r.serial, requestKey: r.requestKey } } });
        if (done) return 'revoked';
        const changed = await tx.ncaCertificate.updateMany({
          where: { serial: r.serial, status: 'good' },
          data: { status: 'revoked', revokedAt: r.revokedAt, revocationReason: r.reason },
        });
        if (changed.count === 0)
          return (await tx.ncaCertificate.findUnique({ where: { serial: r.serial } })) ? 'already-revoked' : 'unknown';
        await tx.ncaRevocation.create({ data: { ...r } });
        return 'revoked';
      });
    } catch (e) {
      // A parallel retry of the same request wrote the audit row first.
      if (prismaCode(e) === 'P2002') return 'revoked';
      throw e;
    }
  }

  async revoked(): Promise<RevokedEntry[]> {
    const rows = await this.prisma.ncaCertificate.findMany({ where: { status: 'revoked' }, orderBy: { revokedAt: 'asc' } });
    return rows.flatMap((r) => {
      const reason = reasonOf(r.revocationReason);
      return r.revokedAt && reason ? [{ serial: r.serial, revokedAt: r.revokedAt, reason }] : [];
    });
  }

  async revocationCount(): Promise<number> {
    // The audit rows, written in the transaction that changes the status (revoke above): a count, not
    // max(id), because a revocation with a lower id may commit after one with a higher id. A count walks
    // the table's primary-key index (PostgreSQL: O(revocations)); should revocations reach the hundreds of
    // thousands, a one-row counter bumped in the same transaction would keep this read constant.
    return this.prisma.ncaRevocation.count();
  }

  async latestCrl(): Promise<StoredCrl | null> {
    const r = await this.prisma.ncaCrl.findFirst({ orderBy: { number: 'desc' } });
    return r ? { number: r.number, thisUpdate: r.thisUpdate, nextUpdate: r.nextUpdate, der: new Uint8Array(r.der) } : null;
  }

  async saveCrl(crl: StoredCrl): Promise<'ok' | 'number-taken'> {
    try {
      await this.prisma.ncaCrl.create({
        data: { number: crl.number, thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate, der: Buffer.from(crl.der) },
      });
      return 'ok';
    } catch (e) {
      if (prismaCode(e) === 'P2002') return 'number-taken';
      throw e;
    }
  }
}
