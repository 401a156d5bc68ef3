/**
 * ApplicationStore on Prisma: SQLite (embedded default, better-sqlite3 driver adapter) or PostgreSQL
 * (production, pg driver adapter). Both clients are generated from the one model file
 * (prisma/models.prisma → prisma/render.ts → scripts/db-generate.ts), so one implementation serves both;
 * the PostgreSQL client is used through the SQLite client's type, which it matches model for model.
 */
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { ANCN_SEQUENCE_MAX, formatAncn } from '../domain/ancn';
import { DomainError, isDomainError } from '../domain/errors';
import { Prisma, PrismaClient as SqliteClient } from '../prisma/generated/sqlite';
import { PrismaClient as PostgresClient, type Prisma as PgPrisma } from '../prisma/generated/postgresql';
import { type DatabaseConfig, redactUrl, sqliteFilePath } from './database';
import { databaseOutage, prismaCode } from './outage';
import { checkCaseFilter, checkCaseQuery, derivedOnProgress, isNewerProgress, nextDueOf, pageCases } from './case-query';
import type {
  ApplicationProgress,
  ApplicationRecord,
  ApplicationStore,
  AuditEvent,
  CaseCount,
  CaseFilter,
  CaseListQuery,
  CounterBreachCount,
  CounterBreachRecord,
  PendingActionRecord,
  IdempotencyRecord,
  NewApplication,
  StoredDocument,
} from './port';
import {
  auditOut,
  checkAudit,
  checkDocument,
  checkIdempotency,
  checkListFilter,
  newApplicationCheck,
  type StoreOptions,
  checkProgress,
  checkSequenceType,
  documentOut,
  page,
  sequenceExhausted,
  unknownApplication,
  type ListFilter,
} from './records';

type Client = SqliteClient;

type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type SameModels = [
  Mutual<Prisma.ApplicationGetPayload<object>, PgPrisma.ApplicationGetPayload<object>>,
  Mutual<Prisma.AuditEventGetPayload<object>, PgPrisma.AuditEventGetPayload<object>>,
  Mutual<Prisma.DocumentGetPayload<object>, PgPrisma.DocumentGetPayload<object>>,
  Mutual<Prisma.AncnSequenceGetPayload<object>, PgPrisma.AncnSequenceGetPayload<object>>,
  Mutual<Prisma.IdempotencyRecordGetPayload<object>, PgPrisma.IdempotencyRecordGetPayload<object>>,
];
// Fails to compile when the generated clients drift apart (run scripts/db-generate.ts).
const sameModels: SameModels = [true, true, true, true, true];
void sameModels;

type ApplicationRow = Omit<Prisma.ApplicationGetPayload<object>, 'createdAt' | 'progressAt' | 'progressSeq'>;
/** Internal columns never returned in an ApplicationRecord. */
const APPLICATION_OMIT = { createdAt: true, progressAt: true, progressSeq: true } as const;
/** serviceCode was checked against the catalogue when the row was written (records.ts). */
const pendingOf = (v: unknown): PendingActionRecord[] => (Array.isArray(v) ? (v as PendingActionRecord[]) : []);
const applicationOut = (row: ApplicationRow): ApplicationRecord => ({
  ...row,
  serviceCode: row.serviceCode,
  pendingActions: pendingOf(row.pendingActions),
  // Rows written before the read model had it were backfilled by the migration; never null since.
  nextDueAt: row.nextDueAt ?? row.dueAt,
});

/** The dashboard filter as a Prisma where clause (same semantics as case-query.ts matchesCaseFilter). */
function caseWhere(f: CaseFilter): Prisma.ApplicationWhereInput {
  const range = (from?: Date, to?: Date) => ({ ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) });
  return {
    ...(f.serviceCode !== undefined ? { serviceCode: f.serviceCode } : {}),
    ...(f.stage !== undefined ? { stage: f.stage } : {}),
    ...(f.slaStates !== undefined ? { slaState: { in: f.slaStates } } : {}),
    ...(f.licensorBody !== undefined ? { licensorBody: f.licensorBody } : {}),
    ...(f.applicantRef !== undefined ? { applicantRef: f.applicantRef } : {}),
    ...(f.waitingOn !== undefined ? { waitingOn: f.waitingOn } : {}),
    ...(f.state === 'open' ? { status: 'open' } : f.state === 'closed' ? { status: { not: 'open' } } : {}),
    ...(f.registeredFrom || f.registeredTo ? { registeredAt: range(f.registeredFrom, f.registeredTo) } : {}),
    ...(f.closedFrom || f.closedTo ? { closedAt: range(f.closedFrom, f.closedTo) } : {}),
  };
}
type Tx = Prisma.TransactionClient;

export interface PrismaStoreOptions extends StoreOptions {
  /** PostgreSQL connection pool size (default 10). */
  poolSize?: number;
}

const isUniqueViolation = (e: unknown): boolean => prismaCode(e) === 'P2002';
const isForeignKeyViolation = (e: unknown): boolean => prismaCode(e) === 'P2003';

/** A database that cannot be reached is an outage (retryable, 503 at the API), not a bug. */
function outage(e: unknown): unknown {
  if (isDomainError(e)) return e;
  return databaseOutage(e) ?? e;
}

export function createPrismaClient(db: DatabaseConfig, options: PrismaStoreOptions = {}): Client {
  if (db.provider === 'sqlite') {
    const adapter = new PrismaBetterSQLite3({ url: sqliteFilePath(db.url), timeout: 15_000 });
    return new SqliteClient({ adapter });
  }
  const adapter = new PrismaPg({ connectionString: db.url, max: options.poolSize ?? 10 });
  const client = new PostgresClient({ adapter });
  // Same models (one source file): the PostgreSQL client is used through the SQLite client's type.
  // The two differ only in provider-specific query options the store does not use (e.g. `mode` on
  // string filters), which makes the delegate types formally incompatible; SameModels pins that the
  // records themselves are identical.
  return client as unknown as Client;
}

export class PrismaApplicationStore implements ApplicationStore {
  private readonly checkNew: ReturnType<typeof newApplicationCheck>;

  constructor(
    private readonly prisma: Client,
    private readonly label: string,
    private readonly now: () => Date = () => new Date(),
    options: StoreOptions = {},
  ) {
    this.checkNew = newApplicationCheck(options);
  }

  static open(db: DatabaseConfig, options: PrismaStoreOptions = {}): PrismaApplicationStore {
    return new PrismaApplicationStore(createPrismaClient(db, options), `${db.provider} ${redactUrl(db.url)}`, undefined, options);
  }

  toString(): string {
    return `PrismaApplicationStore(${this.label})`;
  }

  private async run<T>(work: () => PromiseLike<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      throw outage(e);
    }
  }

  /**
   * seed 004 appendix: the 8-digit sequence per document type. One atomic upsert statement: PostgreSQL
   * locks the row for the rest of the statement, SQLite serializes writers, so concurrent callers get
   * distinct consecutive numbers; the number is only committed with the statement, so nothing is skipped.
   */
  async nextAncnSequence(documentType: string): Promise<number> {
    const type = checkSequenceType(documentType);
    const rows = await this.run(() =>
      this.prisma.$queryRaw<{ last_number: number | bigint }[]>(Prisma.sql`
        INSERT INTO "ancn_sequence" ("document_type", "last_number") VALUES (${type}, 1)
        ON CONFLICT ("document_type") DO UPDATE SET "last_number" = "ancn_sequence"."last_number" + 1
        WHERE "ancn_sequence"."last_number" < ${ANCN_SEQUENCE_MAX}
        RETURNING "last_number"`),
    );
    const row = rows[0];
    if (!row) throw sequenceExhausted(type);
    return Number(row.last_number);
  }

  async allocateAncn(documentType: string): Promise<string> {
    return formatAncn(documentType, await this.nextAncnSequence(documentType));
  }

  async createApplication(input: NewApplication): Promise<ApplicationRecord> {
    const a = this.checkNew(input);
    return this.run(async () => {
      try {
        return applicationOut(
          await this.prisma.application.create({
            data: {
              id: a.id,
              serviceCode: a.serviceCode,
              workflowId: a.workflowId,
              ancn: a.ancn,
              applicantRef: a.applicantRef,
              licensorBody: a.licensorBody,
              stage: a.stage,
              status: a.status,
              slaState: a.slaState,
              submittedAt: a.submittedAt,
              registeredAt: a.registeredAt,
              dueAt: a.dueAt,
              calendarVersion: a.calendarVersion,
              resultDocumentAncn: null,
              updatedAt: this.now(),
              waitingOn: a.waitingOn ?? null,
              pendingActions: (a.pendingActions ?? []) as unknown as Prisma.InputJsonArray,
              nextDueAt: nextDueOf(a.dueAt, a.pendingActions),
              closedAt: a.status !== 'open' ? this.now() : null,
            },
            omit: APPLICATION_OMIT,
          }),
        );
      } catch (e) {
        if (isUniqueViolation(e))
          throw new DomainError('CONFLICT', `an application with this id, workflow id or ANCN already exists (${a.id})`);
        throw e;
      }
    });
  }

  async getApplication(id: string): Promise<ApplicationRecord | null> {
    const row = await this.run(() => this.prisma.application.findUnique({ where: { id }, omit: APPLICATION_OMIT }));
    return row ? applicationOut(row) : null;
  }

  async progressStamps(ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.run(() =>
      this.prisma.application.findMany({ where: { id: { in: [...ids] } }, select: { id: true, updatedAt: true } }),
    );
    return new Map(rows.map((r) => [r.id, r.updatedAt.getTime()]));
  }

  /** The progress and its audit event commit together (one transaction) or not at all. */
  async updateApplication(id: string, progress: ApplicationProgress, audit?: Omit<AuditEvent, 'applicationId'>): Promise<void> {
    const p = checkProgress(progress);
    const event = audit ? checkAudit({ ...audit, applicationId: id }) : null;
    const attempt = (): Promise<void> =>
      this.prisma.$transaction(async (tx) => {
        // The write lock first, then the read. SQLite: a transaction that reads first and then writes
        // fails at once with SQLITE_BUSY_SNAPSHOT when the other process (API or worker) committed in
        // between — its busy timeout cannot help — and the write came back as an outage, retried a second
        // later; a transaction that starts with a write waits its turn under the busy timeout instead.
        // PostgreSQL: the row is locked, so two writers of one case cannot both pass the version check.
        await tx.$executeRaw`UPDATE "application" SET "updated_at" = "updated_at" WHERE "id" = ${id}`;
        const cur = await tx.application.findUnique({
          where: { id },
          select: { status: true, dueAt: true, pendingActions: true, closedAt: true, progressAt: true, progressSeq: true },
        });
        if (!cur) throw unknownApplication(id);
        if (!isNewerProgress(p.version, { at: cur.progressAt, seq: cur.progressSeq })) {
          // An older snapshot landing late (concurrent activities): keep the newer fields, record the event.
          if (event) await this.insertAudit(tx, event);
          return;
        }
        const current = { status: cur.status, dueAt: cur.dueAt, pendingActions: pendingOf(cur.pendingActions), closedAt: cur.closedAt };
        const derived = derivedOnProgress(
          current,
          {
            status: p.status ?? current.status,
            dueAt: p.dueAt ?? current.dueAt,
            pendingActions: p.pendingActions ?? current.pendingActions,
          },
          event?.at ?? this.now(),
        );
        await tx.application.update({
          where: { id },
          data: {
            ...(p.stage !== undefined ? { stage: p.stage } : {}),
            ...(p.status !== undefined ? { status: p.status } : {}),
            ...(p.slaState !== undefined ? { slaState: p.slaState } : {}),
            ...(p.dueAt !== undefined ? { dueAt: p.dueAt } : {}),
            ...(p.resultDocumentAncn !== undefined ? { resultDocumentAncn: p.resultDocumentAncn } : {}),
            ...(p.waitingOn !== undefined ? { waitingOn: p.waitingOn } : {}),
            ...(p.licensorBody !== undefined ? { licensorBody: p.licensorBody } : {}),
            ...(p.pendingActions !== undefined ? { pendingActions: p.pendingActions as unknown as Prisma.InputJsonArray } : {}),
            nextDueAt: derived.nextDueAt,
            closedAt: derived.closedAt,
            ...(p.version ? { progressAt: p.version.at, progressSeq: p.version.seq } : {}),
            updatedAt: this.now(),
          },
        });
        if (event) await this.insertAudit(tx, event);
      });
    await this.run(async () => {
      try {
        await attempt();
      } catch (e) {
        // A concurrent retry recorded the same audit key first; run again and find it (nothing doubled).
        if (isUniqueViolation(e)) return attempt();
        throw e;
      }
    });
  }

  private async insertAudit(tx: Tx | Client, e: AuditEvent): Promise<void> {
    if (e.idempotencyKey) {
      const seen = await tx.auditEvent.findUnique({
        where: { applicationId_idempotencyKey: { applicationId: e.applicationId, idempotencyKey: e.idempotencyKey } },
        select: { id: true },
      });
      if (seen) return;
    }
    await tx.auditEvent.create({
      data: {
        applicationId: e.applicationId,
        actor: e.actor,
        action: e.action,
        at: e.at,
        ...(e.details !== undefined ? { details: e.details as Prisma.InputJsonObject } : {}),
        signatureRef: e.signatureRef ?? null,
        idempotencyKey: e.idempotencyKey ?? null,
      },
    });
  }

  async listApplications(filter: ListFilter): Promise<{ items: ApplicationRecord[]; nextCursor: string | null }> {
    const f = checkListFilter(filter);
    const rows = await this.run(() =>
      this.prisma.application.findMany({
        where: {
          ...(f.serviceCode !== undefined ? { serviceCode: f.serviceCode } : {}),
          ...(f.stage !== undefined ? { stage: f.stage } : {}),
          ...(f.slaState !== undefined ? { slaState: f.slaState } : {}),
          ...(f.licensorBody !== undefined ? { licensorBody: f.licensorBody } : {}),
          ...(f.after
            ? { OR: [{ registeredAt: { lt: f.after.registeredAt } }, { registeredAt: f.after.registeredAt, id: { lt: f.after.id } }] }
            : {}),
        },
        orderBy: [{ registeredAt: 'desc' }, { id: 'desc' }],
        take: f.limit + 1,
        omit: APPLICATION_OMIT,
      }),
    );
    return page(rows.map(applicationOut), f.limit);
  }

  async queryApplications(query: CaseListQuery): Promise<{ items: ApplicationRecord[]; nextCursor: string | null }> {
    const q = checkCaseQuery(query);
    const after = q.after;
    const cursor: Prisma.ApplicationWhereInput | null = !after
      ? null
      : q.sort === 'due-asc'
        ? { OR: [{ nextDueAt: { gt: after.at } }, { nextDueAt: after.at, id: { gt: after.id } }] }
        : { OR: [{ registeredAt: { lt: after.at } }, { registeredAt: after.at, id: { lt: after.id } }] };
    const rows = await this.run(() =>
      this.prisma.application.findMany({
        where: cursor ? { AND: [caseWhere(q), cursor] } : caseWhere(q),
        orderBy: q.sort === 'due-asc' ? [{ nextDueAt: 'asc' }, { id: 'asc' }] : [{ registeredAt: 'desc' }, { id: 'desc' }],
        take: q.limit + 1,
        omit: APPLICATION_OMIT,
      }),
    );
    return pageCases(rows.map(applicationOut), q.limit, q.sort);
  }

  async countApplications(filter: CaseFilter): Promise<CaseCount[]> {
    const f = checkCaseFilter(filter);
    const groups = await this.run(() =>
      this.prisma.application.groupBy({ by: ['serviceCode', 'stage', 'slaState'], where: caseWhere(f), _count: { _all: true } }),
    );
    return groups.map((g) => ({ serviceCode: g.serviceCode, stage: g.stage, slaState: g.slaState, count: g._count._all }));
  }

  async appendAudit(event: AuditEvent): Promise<void> {
    const e = checkAudit(event);
    await this.run(async () => {
      try {
        await this.insertAudit(this.prisma, e);
      } catch (err) {
        if (isForeignKeyViolation(err)) throw unknownApplication(e.applicationId);
        if (isUniqueViolation(err)) return; // a concurrent retry recorded it
        throw err;
      }
    });
  }

  async listAudit(applicationId: string): Promise<AuditEvent[]> {
    const rows = await this.run(() =>
      this.prisma.auditEvent.findMany({ where: { applicationId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
    );
    return rows.map(auditOut);
  }

  /** Idempotent by ANCN (the first stays); a second ANCN under the same idempotency key is a conflict. */
  async saveDocument(doc: StoredDocument): Promise<void> {
    const d = checkDocument(doc);
    await this.run(async () => {
      try {
        await this.prisma.document.create({
          data: {
            ancn: d.ancn,
            applicationId: d.applicationId,
            kind: d.kind,
            xml: d.xml,
            issuedAt: d.issuedAt,
            idempotencyKey: d.idempotencyKey ?? null,
          },
        });
      } catch (e) {
        if (isForeignKeyViolation(e)) throw unknownApplication(d.applicationId);
        if (!isUniqueViolation(e)) throw e;
        const same = await this.prisma.document.findUnique({ where: { ancn: d.ancn }, select: { ancn: true } });
        if (same) return;
        throw new DomainError('CONFLICT', `another document was already stored under idempotency key ${d.idempotencyKey ?? ''}`);
      }
    });
  }

  async getDocument(ancn: string): Promise<StoredDocument | null> {
    const d = await this.run(() => this.prisma.document.findUnique({ where: { ancn } }));
    return d ? documentOut(d) : null;
  }

  async getDocumentByIdempotencyKey(key: string): Promise<StoredDocument | null> {
    const d = await this.run(() => this.prisma.document.findUnique({ where: { idempotencyKey: key } }));
    return d ? documentOut(d) : null;
  }

  async listDocuments(applicationId: string): Promise<Omit<StoredDocument, 'xml'>[]> {
    return this.run(() =>
      this.prisma.document.findMany({
        where: { applicationId },
        orderBy: [{ issuedAt: 'asc' }, { ancn: 'asc' }],
        select: { ancn: true, applicationId: true, kind: true, issuedAt: true, idempotencyKey: true },
      }),
    );
  }

  async getIdempotency(principal: string, key: string): Promise<IdempotencyRecord | null> {
    return this.run(() => this.prisma.idempotencyRecord.findUnique({ where: { principal_key: { principal, key } } }));
  }

  async putIdempotency(rec: IdempotencyRecord): Promise<boolean> {
    const r = checkIdempotency(rec);
    return this.run(async () => {
      try {
        await this.prisma.idempotencyRecord.create({ data: r });
        return true;
      } catch (e) {
        if (isUniqueViolation(e)) return false;
        throw e;
      }
    });
  }

  async recordCounterBreach(b: CounterBreachRecord): Promise<void> {
    await this.run(async () => {
      try {
        await this.prisma.counterSlaBreach.create({
          data: {
            subjectId: b.subjectId,
            kind: b.kind,
            branchId: b.branchId,
            serviceCode: b.serviceCode,
            limitMinutes: b.limitMinutes,
            regulation: b.regulation,
            dueAt: b.dueAt,
            recordedAt: b.recordedAt,
            cause: b.cause,
          },
        });
      } catch (err) {
        if (isUniqueViolation(err)) return; // a retried activity: recorded once
        throw err;
      }
    });
  }

  async counterBreaches(filter: {
    from?: Date;
    to?: Date;
    limit?: number;
  }): Promise<{ counts: CounterBreachCount[]; recent: CounterBreachRecord[] }> {
    const where =
      filter.from || filter.to
        ? { recordedAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } }
        : {};
    const [groups, rows] = await this.run(() =>
      Promise.all([
        this.prisma.counterSlaBreach.groupBy({ by: ['branchId', 'kind', 'serviceCode'], where, _count: { _all: true } }),
        this.prisma.counterSlaBreach.findMany({ where, orderBy: [{ recordedAt: 'desc' }, { subjectId: 'asc' }], take: filter.limit ?? 20 }),
      ]),
    );
    return {
      counts: groups.map((g) => ({
        branchId: g.branchId,
        kind: g.kind as CounterBreachRecord['kind'],
        serviceCode: g.serviceCode,
        count: g._count._all,
      })),
      recent: rows.map((r) => ({
        subjectId: r.subjectId,
        kind: r.kind as CounterBreachRecord['kind'],
        branchId: r.branchId,
        serviceCode: r.serviceCode,
        limitMinutes: r.limitMinutes,
        regulation: r.regulation,
        dueAt: r.dueAt,
        recordedAt: r.recordedAt,
        cause: r.cause,
      })),
    };
  }

  async ping(): Promise<void> {
    await this.run(() => this.prisma.$queryRaw`SELECT 1`);
  }

  async close(): Promise<void> {
    await this.prisma.$disconnect();
  }
}
