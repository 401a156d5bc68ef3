/**
 * Reference-data versions on Prisma (SQLite and PostgreSQL, the application's generated models). Rows are
 * only inserted: a version never changes once published. The primary key (kind, number) arbitrates two
 * publishers that computed from the same current version; the loser writes nothing.
 */
import type { Prisma, PrismaClient } from '../prisma/generated/sqlite';
import type { Act } from '../domain/reference-data';
import { isReferenceDataKind } from './records';
import type { ReferenceDataKind } from './records';
import { ReferenceDataRepository, type StoredVersion, type VersionTable } from './store';
import { prismaCode } from '../persistence/outage';

type Row = Prisma.ReferenceDataVersionGetPayload<object>;

function out(r: Row): StoredVersion {
  if (!isReferenceDataKind(r.kind)) throw new Error(`reference_data_version ${r.version}: unknown kind ${r.kind}`);
  return {
    kind: r.kind,
    number: r.number,
    version: r.version,
    // Checked by the repository (StoredActSchema) before anyone reads it.
    act: r.act as unknown as Act,
    summary: r.summary,
    publishedAt: r.publishedAt,
    publishedBy: r.publishedBy,
    principal: r.principal,
    data: r.data,
    requestKey: r.requestKey,
  };
}

export class PrismaVersionTable implements VersionTable {
  constructor(private readonly prisma: PrismaClient) {}

  async latest(kind: ReferenceDataKind): Promise<StoredVersion | null> {
    const r = await this.prisma.referenceDataVersion.findFirst({ where: { kind }, orderBy: { number: 'desc' } });
    return r ? out(r) : null;
  }

  async all(kind: ReferenceDataKind): Promise<StoredVersion[]> {
    return (await this.prisma.referenceDataVersion.findMany({ where: { kind }, orderBy: { number: 'asc' } })).map(out);
  }

  async byVersion(version: string): Promise<StoredVersion | null> {
    const r = await this.prisma.referenceDataVersion.findUnique({ where: { version } });
    return r ? out(r) : null;
  }

  async byRequestKey(key: string): Promise<StoredVersion | null> {
    const r = await this.prisma.referenceDataVersion.findUnique({ where: { requestKey: key } });
    return r ? out(r) : null;
  }

  async insert(row: StoredVersion): Promise<'ok' | 'number-taken' | 'key-taken'> {
    try {
      await this.prisma.referenceDataVersion.create({
        data: {
          kind: row.kind,
          number: row.number,
          version: row.version,
          act: row.act,
          summary: row.summary,
          publishedAt: row.publishedAt,
          publishedBy: row.publishedBy,
          principal: row.principal,
          data: row.data as Prisma.InputJsonObject,
          requestKey: row.requestKey,
        },
      });
      return 'ok';
    } catch (e) {
      if (prismaCode(e) !== 'P2002') throw e;
      // Which unique key was hit: ask, rather than parse the driver's message.
      if (row.requestKey !== null && (await this.byRequestKey(row.requestKey))) return 'key-taken';
      return 'number-taken';
    }
  }
}

export class PrismaReferenceDataStore extends ReferenceDataRepository {
  constructor(prisma: PrismaClient) {
    super(new PrismaVersionTable(prisma));
  }
}
