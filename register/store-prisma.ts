/**
 * RegisterStore on Prisma (SQLite and PostgreSQL, the same generated models as the application store).
 *
 * `commit` is one interactive transaction: each changed entry is updated `WHERE version = <the version
 * read>` (0 rows → StaleEntryError, nothing written), new entries are inserted, then the history rows
 * and the signed documents. PostgreSQL's row lock makes a concurrent writer of the same entry wait and
 * then find the version moved; SQLite serializes writers. Either way one of two concurrent operations
 * on a permit wins and the other re-reads and re-checks its transition (register/service.ts).
 * History rows are only ever inserted: the store has no update or delete of history.
 */
import { formatAncn } from '../domain/ancn';
import type { HistoryRecord, RegisterDocument, RegisterEntry } from './entry';
import {
  DuplicateEntryError,
  IdempotencyKeyTakenError,
  StaleEntryError,
  type RegisterCommit,
  type RegisterSearch,
  type RegisterStore,
} from './store';
import type { Prisma, PrismaClient } from '../prisma/generated/sqlite';
import { databaseConfig, type DatabaseConfigInput } from '../persistence/database';
import { createPrismaClient, PrismaApplicationStore, type PrismaStoreOptions } from '../persistence/prisma-store';
import { prismaCode } from '../persistence/outage';

type Client = PrismaClient;
type EntryRow = Prisma.RegisterEntryGetPayload<object>;
type HistoryRow = Prisma.RegisterHistoryGetPayload<object>;
type DocumentRow = Prisma.RegisterDocumentGetPayload<object>;

const isUniqueViolation = (e: unknown): boolean => prismaCode(e) === 'P2002';

function entryOut(r: EntryRow): RegisterEntry {
  return {
    ancn: r.ancn,
    register: r.register as RegisterEntry['register'],
    number: r.number,
    serviceCode: r.serviceCode,
    category: (r.category ?? null) as RegisterEntry['category'],
    holder: {
      ref: r.holderRef,
      type: r.holderType as RegisterEntry['holder']['type'],
      ...(r.holderName !== null ? { name: r.holderName } : {}),
    },
    licensorBody: r.licensorBody,
    activity: r.activity,
    issuedAt: r.issuedAt,
    validFrom: r.validFrom,
    validUntil: r.validUntil,
    status: r.status as RegisterEntry['status'],
    statusChangedAt: r.statusChangedAt,
    origin: r.origin as RegisterEntry['origin'],
    appendices: Array.isArray(r.appendices) ? r.appendices.map(String) : [],
    duplicates: r.duplicates,
    previousAncn: r.previousAncn,
    replacedByAncn: r.replacedByAncn,
    applicationId: r.applicationId,
    version: r.version,
  };
}

function entryIn(e: RegisterEntry): Omit<EntryRow, 'appendices'> & { appendices: Prisma.InputJsonValue } {
  return {
    ancn: e.ancn,
    register: e.register,
    number: e.number,
    serviceCode: e.serviceCode,
    category: e.category,
    holderRef: e.holder.ref,
    holderType: e.holder.type,
    holderName: e.holder.name ?? null,
    licensorBody: e.licensorBody,
    activity: e.activity,
    issuedAt: e.issuedAt,
    validFrom: e.validFrom,
    validUntil: e.validUntil,
    status: e.status,
    statusChangedAt: e.statusChangedAt,
    origin: e.origin,
    appendices: e.appendices,
    duplicates: e.duplicates,
    previousAncn: e.previousAncn,
    replacedByAncn: e.replacedByAncn,
    applicationId: e.applicationId,
    version: e.version,
  };
}

function historyOut(r: HistoryRow): HistoryRecord {
  return {
    entryAncn: r.entryAncn,
    seq: r.seq,
    operation: r.operation as HistoryRecord['operation'],
    fromStatus: r.fromStatus,
    toStatus: r.toStatus,
    actor: r.actor,
    reason: r.reason,
    documentAncn: r.documentAncn,
    at: r.at,
    details: (r.details ?? {}) as Record<string, unknown>,
    idempotencyKey: r.idempotencyKey,
  };
}

const documentOut = (r: DocumentRow): RegisterDocument => ({
  ancn: r.ancn,
  entryAncn: r.entryAncn,
  kind: r.kind,
  xml: r.xml,
  issuedAt: r.issuedAt,
});

export class PrismaRegisterStore implements RegisterStore {
  private readonly sequences: PrismaApplicationStore;

  constructor(private readonly prisma: Client) {
    // The ANCN sequence table is shared with the application store: one numbering per document type.
    this.sequences = new PrismaApplicationStore(prisma, 'register');
  }

  /** Opens its own client; call close() when done. */
  static open(input: DatabaseConfigInput, options: PrismaStoreOptions = {}): PrismaRegisterStore {
    return new PrismaRegisterStore(createPrismaClient(databaseConfig(input), options));
  }

  async close(): Promise<void> {
    await this.prisma.$disconnect();
  }

  async allocateAncn(documentType: string): Promise<string> {
    return formatAncn(documentType, await this.sequences.nextAncnSequence(documentType));
  }

  async getEntry(ancn: string): Promise<RegisterEntry | null> {
    const r = await this.prisma.registerEntry.findUnique({ where: { ancn } });
    return r ? entryOut(r) : null;
  }

  async listHistory(ancn: string): Promise<HistoryRecord[]> {
    return (await this.prisma.registerHistory.findMany({ where: { entryAncn: ancn }, orderBy: { seq: 'asc' } })).map(historyOut);
  }

  async getHistoryByKey(idempotencyKey: string): Promise<HistoryRecord[]> {
    return (await this.prisma.registerHistory.findMany({ where: { idempotencyKey } })).map(historyOut);
  }

  async commit(c: RegisterCommit): Promise<void> {
    try {
      await this.prisma.$transaction(async (tx) => {
        for (const { entry, expectedVersion } of c.entries) {
          const data = entryIn(entry);
          if (expectedVersion === null) {
            if (await tx.registerEntry.findUnique({ where: { ancn: entry.ancn }, select: { ancn: true } }))
              throw new DuplicateEntryError(entry.ancn);
            await tx.registerEntry.create({ data });
          } else {
            const { ancn, ...rest } = data;
            const updated = await tx.registerEntry.updateMany({
              where: { ancn, version: expectedVersion },
              data: { ...rest, version: expectedVersion + 1 },
            });
            if (updated.count !== 1) throw new StaleEntryError(ancn);
          }
        }
        for (const h of c.history) {
          if (await tx.registerHistory.findUnique({ where: { idempotencyKey: h.idempotencyKey }, select: { id: true } }))
            throw new IdempotencyKeyTakenError(h.idempotencyKey);
          await tx.registerHistory.create({
            data: {
              entryAncn: h.entryAncn,
              seq: h.seq,
              operation: h.operation,
              fromStatus: h.fromStatus,
              toStatus: h.toStatus,
              actor: h.actor,
              reason: h.reason,
              documentAncn: h.documentAncn,
              at: h.at,
              details: h.details as Prisma.InputJsonObject,
              idempotencyKey: h.idempotencyKey,
            },
          });
        }
        for (const d of c.documents)
          await tx.registerDocument.create({
            data: { ancn: d.ancn, entryAncn: d.entryAncn, kind: d.kind, xml: d.xml, issuedAt: d.issuedAt },
          });
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      // A concurrent transaction inserted the same row first; say which kind of race it was.
      for (const h of c.history)
        if ((await this.getHistoryByKey(h.idempotencyKey)).length > 0) throw new IdempotencyKeyTakenError(h.idempotencyKey);
      for (const { entry, expectedVersion } of c.entries)
        if (expectedVersion === null && (await this.getEntry(entry.ancn))) throw new DuplicateEntryError(entry.ancn);
      throw new StaleEntryError(c.entries[0]?.entry.ancn ?? '?');
    }
  }

  async search(f: RegisterSearch): Promise<{ items: RegisterEntry[]; nextCursor: string | null }> {
    const rows = await this.prisma.registerEntry.findMany({
      where: {
        ...(f.register ? { register: f.register } : {}),
        ...(f.serviceCode ? { serviceCode: f.serviceCode } : {}),
        ...(f.status ? { status: f.status } : {}),
        ...(f.licensorBody ? { licensorBody: f.licensorBody } : {}),
        ...(f.holderBin ? { holderRef: f.holderBin, holderType: 'legal-entity' } : {}),
        ...(f.cursor ? { ancn: { gt: f.cursor } } : {}),
      },
      orderBy: { ancn: 'asc' },
      take: f.limit + 1,
    });
    const items = rows.slice(0, f.limit).map(entryOut);
    return { items, nextCursor: rows.length > f.limit ? (items[items.length - 1]?.ancn ?? null) : null };
  }

  async entriesOfHolder(holderRef: string): Promise<RegisterEntry[]> {
    return (await this.prisma.registerEntry.findMany({ where: { holderRef }, orderBy: [{ issuedAt: 'asc' }, { ancn: 'asc' }] })).map(
      entryOut,
    );
  }

  async getDocument(ancn: string): Promise<RegisterDocument | null> {
    const r = await this.prisma.registerDocument.findUnique({ where: { ancn } });
    return r ? documentOut(r) : null;
  }
}
